// What an account sees without creating anything: Availability Zones, regions, account attributes, the instance
// type catalogue and AMIs (built in, plus CreateImage), and key pairs whose private key is real (node:crypto).
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { IMAGES, INSTANCE_TYPES, REGIONS, zonesOf } from './catalogue.js';
import { type Ec2Context, describe, isoNow, next, require, scopeOf, tagsFor } from './context.js';
import { ec2Error } from './errors.js';
import { notImplemented } from '../../core/aws-error.js';
import { visibleSnapshot } from './snapshot-operations.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import type { InstanceRecord, KeyPairRecord } from './records.js';

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-1': 'US West (N. California)', 'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'Europe (Ireland)', 'eu-central-1': 'Europe (Frankfurt)', 'ap-northeast-1': 'Asia Pacific (Tokyo)',
};

// Shape as recorded from real EC2 (aws-recordings/ec2 test_describe_availability_zones_*).
function zoneInfos(region: string): api.AvailabilityZone[] {
  return zonesOf(region).map((z) => ({
    GroupLongName: `${REGION_NAMES[region] ?? region} 1`, GroupName: `${region}-zg-1`, Messages: [], NetworkBorderGroup: region, OptInStatus: 'opt-in-not-required',
    RegionName: region, State: 'available', ZoneId: z.id, ZoneName: z.name, ZoneType: 'availability-zone',
  }));
}

export function describeAvailabilityZones(_ec2: Ec2Context, ctx: RequestContext, input: api.DescribeAvailabilityZonesRequest): api.DescribeAvailabilityZonesResult {
  let zones = zoneInfos(ctx.region);
  for (const name of input.ZoneNames ?? []) if (!zones.some((z) => z.ZoneName === name)) throw ec2Error('InvalidParameterValue', `The availability zone '${name}' does not exist`);
  for (const id of input.ZoneIds ?? []) if (!zones.some((z) => z.ZoneId === id)) throw ec2Error('InvalidParameterValue', `The availability zone id '${id}' does not exist`);
  if (input.ZoneNames?.length) zones = zones.filter((z) => input.ZoneNames!.includes(z.ZoneName!));
  if (input.ZoneIds?.length) zones = zones.filter((z) => input.ZoneIds!.includes(z.ZoneId!));
  const fields: FilterFields<api.AvailabilityZone & { Tags?: undefined }> = {
    'zone-name': (z) => z.ZoneName, 'zone-id': (z) => z.ZoneId, 'region-name': (z) => z.RegionName, 'state': (z) => z.State,
    'zone-type': (z) => z.ZoneType, 'group-name': (z) => z.GroupName, 'opt-in-status': (z) => z.OptInStatus,
  };
  return { AvailabilityZones: describe(zones, { idOf: (z) => z.ZoneName, notFoundPrefix: 'az', filters: input.Filters, fields }).page };
}

export function describeRegions(_ec2: Ec2Context, ctx: RequestContext, input: api.DescribeRegionsRequest): api.DescribeRegionsResult {
  let regions: (api.Region & { Tags?: undefined })[] = REGIONS.map((r) => ({ RegionName: r.name, Endpoint: `ec2.${r.name}.amazonaws.com`, OptInStatus: 'opt-in-not-required' }));
  if (input.RegionNames?.length) {
    for (const name of input.RegionNames) if (!regions.some((r) => r.RegionName === name)) throw ec2Error('InvalidParameterValue', `Invalid region: ${name}`);
    regions = regions.filter((r) => input.RegionNames!.includes(r.RegionName!));
  }
  void ctx;
  const fields: FilterFields<api.Region & { Tags?: undefined }> = { 'region-name': (r) => r.RegionName, 'endpoint': (r) => r.Endpoint, 'opt-in-status': (r) => r.OptInStatus };
  return { Regions: describe(regions, { idOf: (r) => r.RegionName, notFoundPrefix: 'region', filters: input.Filters, fields }).page };
}

export function describeAccountAttributes(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeAccountAttributesRequest): api.DescribeAccountAttributesResult {
  const defaultVpc = ec2.store.list<{ VpcId?: string; IsDefault?: boolean }>(scopeOf(ctx), 'vpc').find((v) => v.IsDefault)?.VpcId ?? 'none';
  const all: api.AccountAttribute[] = [
    { AttributeName: 'supported-platforms', AttributeValues: [{ AttributeValue: 'VPC' }] },
    { AttributeName: 'default-vpc', AttributeValues: [{ AttributeValue: defaultVpc }] },
    { AttributeName: 'max-instances', AttributeValues: [{ AttributeValue: '20' }] },
    { AttributeName: 'max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] },
    { AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] },
    { AttributeName: 'vpc-max-security-groups-per-interface', AttributeValues: [{ AttributeValue: '5' }] },
  ];
  const names = input.AttributeNames ?? [];
  return { AccountAttributes: names.length > 0 ? all.filter((a) => names.includes(a.AttributeName as api.AccountAttributeName)) : all };
}

export function describeInstanceTypes(_ec2: Ec2Context, _ctx: RequestContext, input: api.DescribeInstanceTypesRequest): api.DescribeInstanceTypesResult {
  const infos: (api.InstanceTypeInfo & { Tags?: undefined })[] = INSTANCE_TYPES.map((t) => ({
    InstanceType: t.type as api.InstanceType,
    CurrentGeneration: true,
    FreeTierEligible: t.freeTier ?? false,
    SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: ['ebs'],
    SupportedVirtualizationTypes: ['hvm'],
    BareMetal: false,
    Hypervisor: 'nitro',
    ProcessorInfo: { SupportedArchitectures: [t.arch], SustainedClockSpeedInGhz: t.arch === 'arm64' ? 2.5 : 3.1 },
    VCpuInfo: { DefaultVCpus: t.vcpus, DefaultCores: Math.max(1, t.vcpus / 2), DefaultThreadsPerCore: t.vcpus > 1 ? 2 : 1 },
    MemoryInfo: { SizeInMiB: t.memoryMiB },
    InstanceStorageSupported: false,
    EbsInfo: { EbsOptimizedSupport: 'default', EncryptionSupport: 'supported', NvmeSupport: 'required' },
    NetworkInfo: { NetworkPerformance: 'Up to 5 Gigabit', MaximumNetworkInterfaces: 3, Ipv4AddressesPerInterface: 6, Ipv6Supported: true, EnaSupport: 'required' },
    BurstablePerformanceSupported: t.type.startsWith('t'),
  }));
  for (const t of input.InstanceTypes ?? []) if (!infos.some((i) => i.InstanceType === t)) throw ec2Error('InvalidInstanceType', `The following supplied instance types do not exist: [${t}]`);
  const chosen = input.InstanceTypes?.length ? infos.filter((i) => input.InstanceTypes!.includes(i.InstanceType!)) : infos;
  const fields: FilterFields<api.InstanceTypeInfo & { Tags?: undefined }> = {
    'instance-type': (i) => i.InstanceType, 'vcpu-info.default-vcpus': (i) => i.VCpuInfo?.DefaultVCpus, 'memory-info.size-in-mib': (i) => i.MemoryInfo?.SizeInMiB,
    'processor-info.supported-architecture': (i) => i.ProcessorInfo?.SupportedArchitectures, 'free-tier-eligible': (i) => i.FreeTierEligible, 'current-generation': (i) => i.CurrentGeneration,
  };
  const r = describe(chosen, { idOf: (i) => i.InstanceType, notFoundPrefix: 'type', filters: input.Filters, fields, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 100] });
  return { InstanceTypes: r.page, ...next(r) };
}

// ---- images ----

function builtInImages(): api.Image[] {
  return IMAGES.map((i) => ({
    ImageId: i.id, Name: i.name, Description: i.description, Architecture: i.arch, ImageLocation: `amazon/${i.name}`, ImageType: 'machine', Public: true,
    OwnerId: '137112412989', ImageOwnerAlias: 'amazon', State: 'available', RootDeviceType: 'ebs', RootDeviceName: '/dev/xvda', VirtualizationType: 'hvm',
    Hypervisor: 'xen', EnaSupport: true, BlockDeviceMappings: [], CreationDate: '2024-07-01T00:00:00.000Z', PlatformDetails: i.platform ? 'Windows' : 'Linux/UNIX',
    UsageOperation: i.platform ? 'RunInstances:0002' : 'RunInstances', ...(i.platform ? { Platform: 'Windows' as const } : {}), Tags: [],
  }));
}

export function describeImages(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeImagesRequest): api.DescribeImagesResult {
  const own = ec2.store.list<api.Image>(scopeOf(ctx), 'ami');
  let all = [...builtInImages(), ...own];
  const owners = input.Owners ?? [];
  if (owners.length > 0) all = all.filter((i) => owners.some((o) => o === i.OwnerId || o === i.ImageOwnerAlias || (o === 'self' && i.OwnerId === ctx.account)));
  const fields: FilterFields<api.Image> = {
    'image-id': (i) => i.ImageId, 'name': (i) => i.Name, 'architecture': (i) => i.Architecture, 'state': (i) => i.State, 'owner-id': (i) => i.OwnerId,
    'owner-alias': (i) => i.ImageOwnerAlias, 'platform': (i) => i.Platform, 'is-public': (i) => i.Public, 'image-type': (i) => i.ImageType,
    'root-device-type': (i) => i.RootDeviceType, 'virtualization-type': (i) => i.VirtualizationType, 'description': (i) => i.Description,
  };
  const ids = input.ImageIds ?? [];
  const missing = ids.filter((id) => !all.some((i) => i.ImageId === id));
  if (missing.length > 0) throw ec2Error('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
  const r = describe(all, { ids, idOf: (i) => i.ImageId, notFoundPrefix: 'ami', filters: input.Filters, fields, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { Images: r.page, ...next(r) };
}

export function createImage(ec2: Ec2Context, ctx: RequestContext, input: api.CreateImageRequest): api.CreateImageResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const instance = require<InstanceRecord>(uow, scope, 'instance', input.InstanceId, 'i');
    if (uow.list<api.Image>(scope, 'ami').some((i) => i.Name === input.Name)) throw ec2Error('InvalidAMIName.Duplicate', `AMI name ${input.Name} is already in use by AMI`);
    const imageId = ec2Id('ami');
    const image: api.Image = {
      ImageId: imageId, Name: input.Name, Description: input.Description ?? '', Architecture: instance.Architecture ?? 'x86_64', ImageLocation: `${scope.account}/${input.Name}`,
      ImageType: 'machine', Public: false, OwnerId: scope.account, State: 'available', RootDeviceType: 'ebs', RootDeviceName: '/dev/xvda', VirtualizationType: 'hvm',
      Hypervisor: 'xen', EnaSupport: true, BlockDeviceMappings: [], CreationDate: isoNow(ec2) as unknown as string, PlatformDetails: instance.PlatformDetails ?? 'Linux/UNIX',
      SourceInstanceId: instance.InstanceId!, Tags: tagsFor(input.TagSpecifications, 'image'),
    };
    uow.put(scope, 'ami', imageId, image);
    return { ImageId: imageId };
  });
}

/**
 * RegisterImage for an EBS-backed AMI: the root device's mapping names a snapshot the caller may use (InvalidSnapshot.NotFound
 * otherwise). Instance store-backed AMIs from an S3 manifest (ImageLocation) answer 501 naming the feature.
 */
export function registerImage(ec2: Ec2Context, ctx: RequestContext, input: api.RegisterImageRequest): api.RegisterImageResult {
  const scope = scopeOf(ctx);
  if (input.ImageLocation !== undefined) throw notImplemented('EC2', 'RegisterImage', 'instance store-backed AMIs from an S3 manifest (ImageLocation)');
  const rootDevice = input.RootDeviceName ?? '/dev/xvda';
  const mappings = input.BlockDeviceMappings ?? [];
  const root = mappings.find((m) => m.DeviceName === rootDevice);
  // Code from the EC2 error list; kumo's wording (no recorded refusal).
  if (!root?.Ebs?.SnapshotId) throw ec2Error('InvalidBlockDeviceMapping', `The root device ${rootDevice} needs a block device mapping with an EBS snapshot.`);
  return ec2.store.write((uow) => {
    for (const m of mappings) {
      const id = m.Ebs?.SnapshotId;
      if (id !== undefined && !visibleSnapshot(uow, scope, id, ec2.clock.now())) throw ec2Error('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
    }
    if (uow.list<api.Image>(scope, 'ami').some((i) => i.Name === input.Name)) throw ec2Error('InvalidAMIName.Duplicate', `AMI name ${input.Name} is already in use by AMI`);
    const imageId = ec2Id('ami');
    const image: api.Image = {
      ImageId: imageId, Name: input.Name, Description: input.Description ?? '', Architecture: input.Architecture ?? 'x86_64', ImageLocation: `${scope.account}/${input.Name}`,
      ImageType: 'machine', Public: false, OwnerId: scope.account, State: 'available', RootDeviceType: 'ebs', RootDeviceName: rootDevice,
      VirtualizationType: (input.VirtualizationType ?? 'hvm') as api.VirtualizationType, Hypervisor: 'xen', EnaSupport: input.EnaSupport ?? false,
      BlockDeviceMappings: mappings.map((m) => ({ DeviceName: m.DeviceName!, ...(m.Ebs ? { Ebs: { ...m.Ebs, DeleteOnTermination: m.Ebs.DeleteOnTermination ?? true } } : {}) })),
      CreationDate: isoNow(ec2) as unknown as string, PlatformDetails: 'Linux/UNIX', Tags: tagsFor(input.TagSpecifications, 'image'),
    };
    uow.put(scope, 'ami', imageId, image);
    return { ImageId: imageId };
  });
}

export function deregisterImage(ec2: Ec2Context, ctx: RequestContext, input: api.DeregisterImageRequest): api.DeregisterImageResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    if (!uow.get(scope, 'ami', input.ImageId)) throw ec2Error('InvalidAMIID.NotFound', `The image id '[${input.ImageId}]' does not exist`);
    uow.delete(scope, 'ami', input.ImageId);
    return { Return: true };
  });
}

// ---- key pairs ----

function colonHex(buf: Buffer): string {
  return buf.toString('hex').match(/../g)!.join(':');
}

/** The OpenSSH wire blob of an RSA or Ed25519 public key ("ssh-rsa AAAA…" → the decoded AAAA… part). */
function opensshBlob(material: string): { type: 'rsa' | 'ed25519'; blob: Buffer } | undefined {
  const m = /^(ssh-rsa|ssh-ed25519)\s+([A-Za-z0-9+/=]+)/.exec(material.trim());
  if (!m) return undefined;
  return { type: m[1] === 'ssh-rsa' ? 'rsa' : 'ed25519', blob: Buffer.from(m[2]!, 'base64') };
}

export function createKeyPair(ec2: Ec2Context, ctx: RequestContext, input: api.CreateKeyPairRequest): api.KeyPair {
  const scope = scopeOf(ctx);
  const name = input.KeyName ?? '';
  const type = input.KeyType ?? 'rsa';
  if (input.KeyFormat === 'ppk') throw ec2Error('NotImplemented', 'kumo does not implement ec2 CreateKeyPair: the ppk format yet.', 501);
  if (ec2.store.list<KeyPairRecord>(scope, 'key').some((k) => k.KeyName === name)) throw ec2Error('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
  // EC2 fingerprints keys it creates: RSA by SHA-1 of the PKCS#8 private key DER, ED25519 by SHA-256 of the public key (EC2 User Guide, "Verify the fingerprint").
  let material: string;
  let fingerprint: string;
  if (type === 'rsa') {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    material = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    fingerprint = colonHex(createHash('sha1').update(pair.privateKey.export({ type: 'pkcs8', format: 'der' })).digest());
  } else {
    const pair = generateKeyPairSync('ed25519');
    material = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    fingerprint = `${createHash('sha256').update(pair.publicKey.export({ type: 'spki', format: 'der' })).digest('base64').replace(/=+$/, '')}=`;
  }
  const record: KeyPairRecord = { KeyPairId: ec2Id('key'), KeyName: name, KeyFingerprint: fingerprint, KeyType: type, CreateTime: isoNow(ec2), Tags: tagsFor(input.TagSpecifications, 'key-pair') };
  ec2.store.write((uow) => uow.put(scope, 'key', record.KeyPairId!, record));
  return { KeyName: name, KeyFingerprint: fingerprint, KeyMaterial: material, KeyPairId: record.KeyPairId!, Tags: record.Tags! };
}

export function importKeyPair(ec2: Ec2Context, ctx: RequestContext, input: api.ImportKeyPairRequest): api.ImportKeyPairResult {
  const scope = scopeOf(ctx);
  const name = input.KeyName ?? '';
  const text = Buffer.from(input.PublicKeyMaterial ?? new Uint8Array()).toString('utf8');
  const parsed = opensshBlob(text);
  let fingerprint: string;
  let type: 'rsa' | 'ed25519';
  if (parsed) {
    type = parsed.type;
    // Imported keys: MD5 of the key blob (RFC 4716) for RSA, SHA-256 for ED25519.
    fingerprint = type === 'rsa' ? colonHex(createHash('md5').update(parsed.blob).digest()) : createHash('sha256').update(parsed.blob).digest('base64').replace(/=+$/, '');
  } else {
    try {
      const key = createPublicKey(text);
      type = key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa';
      fingerprint = colonHex(createHash('md5').update(key.export({ type: 'spki', format: 'der' })).digest());
    } catch {
      throw ec2Error('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
    }
  }
  if (ec2.store.list<KeyPairRecord>(scope, 'key').some((k) => k.KeyName === name)) throw ec2Error('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
  const record: KeyPairRecord = { KeyPairId: ec2Id('key'), KeyName: name, KeyFingerprint: fingerprint, KeyType: type, CreateTime: isoNow(ec2), PublicKey: text.trim(), Tags: tagsFor(input.TagSpecifications, 'key-pair') };
  ec2.store.write((uow) => uow.put(scope, 'key', record.KeyPairId!, record));
  return { KeyName: name, KeyFingerprint: fingerprint, KeyPairId: record.KeyPairId!, Tags: record.Tags! };
}

export function describeKeyPairs(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeKeyPairsRequest): api.DescribeKeyPairsResult {
  const all = ec2.store.list<KeyPairRecord>(scopeOf(ctx), 'key');
  for (const name of input.KeyNames ?? []) if (!all.some((k) => k.KeyName === name)) throw ec2Error('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
  const byName = input.KeyNames?.length ? all.filter((k) => input.KeyNames!.includes(k.KeyName!)) : all;
  const fields: FilterFields<KeyPairRecord> = { 'key-name': (k) => k.KeyName, 'fingerprint': (k) => k.KeyFingerprint, 'key-pair-id': (k) => k.KeyPairId, 'key-type': (k) => k.KeyType };
  const page = describe(byName, { ids: input.KeyPairIds, idOf: (k) => k.KeyPairId, notFoundPrefix: 'key', filters: input.Filters, fields }).page;
  return { KeyPairs: page.map((k) => (input.IncludePublicKey ? k : { ...k, PublicKey: undefined }) as KeyPairRecord) };
}

export function deleteKeyPair(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteKeyPairRequest): api.DeleteKeyPairResult {
  const scope = scopeOf(ctx);
  // EC2 answers success even for a key that does not exist.
  return ec2.store.write((uow) => {
    const key = uow.list<KeyPairRecord>(scope, 'key').find((k) => k.KeyPairId === input.KeyPairId || k.KeyName === input.KeyName);
    if (key) uow.delete(scope, 'key', key.KeyPairId!);
    return { Return: true, ...(key ? { KeyPairId: key.KeyPairId! } : {}) };
  });
}
