// Managed prefix lists through the SDK v3 client: versioned entries guarded by CurrentVersion, the AWS-managed S3 and
// DynamoDB lists, routes with DestinationPrefixListId and SG rules with PrefixListIds (which the reachability verdict
// expands to the list's CIDRs), and deletion refused while a route or rule names the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { useEc2Kumo } from '../../support/ec2-kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

const env = useEc2Kumo();

const entriesOf = async (id: string, version?: number) =>
  (await env.client.send(new ec2.GetManagedPrefixListEntriesCommand({ PrefixListId: id, ...(version !== undefined ? { TargetVersion: version } : {}) }))).Entries!.map((e) => e.Cidr).sort();

test('a customer-managed prefix list keeps versioned entries; modifying entries needs the current version', async () => {
  const created = (await env.client.send(new ec2.CreateManagedPrefixListCommand({
    PrefixListName: 'offices', AddressFamily: 'IPv4', MaxEntries: 3, Entries: [{ Cidr: '203.0.113.0/24', Description: 'hq' }, { Cidr: '198.51.100.7/24' }],
    TagSpecifications: [{ ResourceType: 'prefix-list', Tags: [{ Key: 'team', Value: 'net' }] }],
  }))).PrefixList!;
  assert.match(created.PrefixListId!, /^pl-[0-9a-f]{17}$/);
  assert.deepEqual([created.State, created.Version, created.MaxEntries, created.OwnerId, created.AddressFamily], ['create-complete', 1, 3, '000000000000', 'IPv4']);
  assert.equal(created.PrefixListArn, `arn:aws:ec2:us-east-1:000000000000:prefix-list/${created.PrefixListId}`);
  const id = created.PrefixListId!;
  assert.deepEqual(await entriesOf(id), ['198.51.100.0/24', '203.0.113.0/24']);
  const byTag = await env.client.send(new ec2.DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'tag:team', Values: ['net'] }] }));
  assert.deepEqual(byTag.PrefixLists!.map((l) => l.PrefixListId), [id]);

  await assertAwsError(env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '192.0.2.0/24' }] })), { code: 'MissingParameter', status: 400 });
  await assertAwsError(env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 7, AddEntries: [{ Cidr: '192.0.2.0/24' }] })), {
    code: 'PrefixListVersionMismatch', status: 400, message: 'The prefix list has the incorrect version number.',
  });
  await assertAwsError(env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 1, MaxEntries: 5, AddEntries: [{ Cidr: '192.0.2.0/24' }] })), {
    code: 'InvalidParameterCombination', status: 400, message: 'You cannot modify the entries and the maximum entries for the prefix list in the same request.',
  });
  await assertAwsError(env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 1, AddEntries: [{ Cidr: '203.0.113.0/24', Description: 'hq' }] })), {
    code: 'InvalidPrefixListModification', status: 400, message: 'An entry with the CIDR (203.0.113.0/24) and description (hq) already exists.',
  });
  await assertAwsError(env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 1, RemoveEntries: [{ Cidr: '192.0.2.0/24' }] })), {
    code: 'InvalidPrefixListModification', status: 400, message: /does not exist\.$/,
  });
  await assertAwsError(env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 1, AddEntries: [{ Cidr: '192.0.2.0/24' }, { Cidr: '192.0.3.0/24' }] })), { code: 'PrefixListMaxEntriesExceeded', status: 400 });

  const modified = (await env.client.send(new ec2.ModifyManagedPrefixListCommand({
    PrefixListId: id, CurrentVersion: 1, AddEntries: [{ Cidr: '192.0.2.0/24' }], RemoveEntries: [{ Cidr: '198.51.100.0/24' }],
  }))).PrefixList!;
  assert.deepEqual([modified.Version, modified.State], [2, 'modify-complete']);
  assert.deepEqual(await entriesOf(id), ['192.0.2.0/24', '203.0.113.0/24']);
  assert.deepEqual(await entriesOf(id, 1), ['198.51.100.0/24', '203.0.113.0/24']);
  // A rename does not make a new version.
  const renamed = (await env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: id, PrefixListName: 'offices-2' }))).PrefixList!;
  assert.deepEqual([renamed.PrefixListName, renamed.Version], ['offices-2', 2]);

  await assertAwsError(env.client.send(new ec2.CreateManagedPrefixListCommand({ PrefixListName: 'v6', AddressFamily: 'IPv6', MaxEntries: 2, Entries: [{ Cidr: '10.0.0.0/8' }] })), { code: 'InvalidParameterValue', status: 400 });
  await assertAwsError(env.client.send(new ec2.GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0123456789abcdef0' })), {
    code: 'InvalidPrefixListID.NotFound', status: 400, message: 'The prefix list (pl-0123456789abcdef0) does not exist.',
  });
});

test('the AWS-managed S3 and DynamoDB lists are described with owner AWS and cannot be modified', async () => {
  const aws = (await env.client.send(new ec2.DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'owner-id', Values: ['AWS'] }] }))).PrefixLists!;
  assert.deepEqual(aws.map((l) => l.PrefixListName).sort(), ['com.amazonaws.us-east-1.dynamodb', 'com.amazonaws.us-east-1.s3']);
  const s3 = aws.find((l) => l.PrefixListName!.endsWith('.s3'))!;
  assert.deepEqual([s3.Version, s3.MaxEntries, s3.State], [undefined, undefined, 'create-complete']);
  const old = (await env.client.send(new ec2.DescribePrefixListsCommand({ PrefixListIds: [s3.PrefixListId!] }))).PrefixLists!;
  assert.ok(old[0]!.Cidrs!.length > 0);
  assert.deepEqual((await entriesOf(s3.PrefixListId!)).sort(), [...old[0]!.Cidrs!].sort());
  await assertAwsError(env.client.send(new ec2.ModifyManagedPrefixListCommand({ PrefixListId: s3.PrefixListId!, CurrentVersion: 1, AddEntries: [{ Cidr: '192.0.2.0/24' }] })), { code: 'UnauthorizedOperation', status: 400 });
});

test('routes and SG rules name a prefix list; the verdict uses its CIDRs; the list cannot be deleted while named', async () => {
  const list = (await env.client.send(new ec2.CreateManagedPrefixListCommand({ PrefixListName: 'admins', AddressFamily: 'IPv4', MaxEntries: 2, Entries: [{ Cidr: '203.0.113.0/24' }] }))).PrefixList!;
  const id = list.PrefixListId!;
  const vpc = (await env.client.send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!;
  const table = (await env.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpc.VpcId! }))).RouteTable!.RouteTableId!;
  const igw = (await env.client.send(new ec2.DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpc.VpcId!] }] }))).InternetGateways![0]!.InternetGatewayId!;
  await env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationPrefixListId: id, GatewayId: igw }));
  await assertAwsError(env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationPrefixListId: id, GatewayId: igw })), { code: 'RouteAlreadyExists', status: 400 });
  await assertAwsError(env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationPrefixListId: 'pl-0123456789abcdef0', GatewayId: igw })), { code: 'InvalidPrefixListID.NotFound', status: 400 });
  const byList = await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'route.destination-prefix-list-id', Values: [id] }] }));
  assert.deepEqual(byList.RouteTables!.map((t) => t.RouteTableId), [table]);
  assert.equal(byList.RouteTables![0]!.Routes!.find((r) => r.DestinationPrefixListId === id)?.GatewayId, igw);

  const sg = (await env.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc.VpcId!, GroupName: 'ssh-admins', Description: 'ssh from admins' }))).GroupId!;
  await assertAwsError(env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: 'pl-0123456789abcdef0' }] }] })), {
    code: 'InvalidPrefixListID.NotFound', status: 400,
  });
  await env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: id }] }] }));
  const run = await env.client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SecurityGroupIds: [sg] }));
  const instance = run.Instances![0]!.InstanceId!;
  const reach = async (from: string) => (await (await fetch(`${env.kumo.url}/_kumo/ec2/reachability?from=${from}&to=${instance}&port=22`)).json()) as { reachable: boolean; blocking?: { explanationCode: string } };
  assert.equal((await reach('203.0.113.5')).reachable, true);
  assert.equal((await reach('192.0.2.5')).blocking?.explanationCode, 'ENI_SG_RULES_MISMATCH');

  await assertAwsError(env.client.send(new ec2.DeleteManagedPrefixListCommand({ PrefixListId: id })), { code: 'DependencyViolation', status: 400 });
  await env.client.send(new ec2.DeleteRouteCommand({ RouteTableId: table, DestinationPrefixListId: id }));
  await env.client.send(new ec2.RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: id }] }] }));
  const deleted = (await env.client.send(new ec2.DeleteManagedPrefixListCommand({ PrefixListId: id }))).PrefixList!;
  assert.equal(deleted.State, 'delete-complete');
  await assertAwsError(env.client.send(new ec2.DescribeManagedPrefixListsCommand({ PrefixListIds: [id] })), { code: 'InvalidPrefixListID.NotFound', status: 400 });
});

test('every region has its own AWS-managed S3 and DynamoDB lists: recorded ids where a recording exists, derived ids otherwise', async () => {
  const inRegion = async (region: string) => {
    const client = new ec2.EC2Client({ ...env.kumo.clientConfig('test', region), maxAttempts: 1 });
    try {
      const lists = (await client.send(new ec2.DescribePrefixListsCommand({}))).PrefixLists!;
      const missing = await client.send(new ec2.DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-63a5400a'] })).then(() => undefined, (e: Error) => e.name);
      return { lists: Object.fromEntries(lists.map((l) => [l.PrefixListName!, { id: l.PrefixListId!, cidrs: l.Cidrs! }])), missing };
    } finally {
      client.destroy();
    }
  };
  // us-west-2's ids as EC2 answered describe-prefix-lists there; us-east-1's S3 list id is not visible in it.
  const west = await inRegion('us-west-2');
  assert.equal(west.lists['com.amazonaws.us-west-2.s3']?.id, 'pl-68a54001');
  assert.equal(west.lists['com.amazonaws.us-west-2.dynamodb']?.id, 'pl-00a54069');
  assert.ok((west.lists['com.amazonaws.us-west-2.s3']?.cidrs.length ?? 0) > 0);
  assert.equal(west.missing, 'InvalidPrefixListID.NotFound');
  // eu-north-1 has no recording: a stable derived id and no invented CIDRs.
  const north = await inRegion('eu-north-1');
  assert.match(north.lists['com.amazonaws.eu-north-1.s3']!.id, /^pl-[0-9a-f]{8}$/);
  assert.deepEqual(north.lists['com.amazonaws.eu-north-1.s3']!.cidrs, []);
  assert.deepEqual((await inRegion('eu-north-1')).lists, north.lists);
});
