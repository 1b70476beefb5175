// The instance metadata service of one instance, on its own loopback address: IMDSv2 session tokens (PUT with a
// TTL, expiring on the runtime clock), IMDSv1 only when HttpTokens is optional, and the common metadata paths.
// Source: EC2 User Guide, "Use the Instance Metadata Service to access instance metadata" and "Instance metadata categories".
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InstanceRecord } from '../records.js';

export interface RoleCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
  LastUpdated: string;
}

export interface MetadataSource {
  /** The instance as stored now (options, tags and addresses may change while it runs). */
  instance(): InstanceRecord | undefined;
  region: string;
  now(): number;
  /** The attached profile's role name and temporary credentials, or undefined without a profile or role. */
  credentials(): Promise<{ role: string; credentials: RoleCredentials } | undefined>;
}

const MAX_TTL = 21_600;

export class MetadataServer {
  private server: Server | undefined;
  private readonly tokens = new Map<string, number>();
  port = 0;

  constructor(private readonly source: MetadataSource) {}

  async listen(host: string, port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res).catch(() => reply(res, 500, 'Internal Server Error')));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const i = this.source.instance();
    const options = i?.MetadataOptions;
    if (!i || options?.HttpEndpoint === 'disabled') return reply(res, 403, 'Forbidden');
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/latest/api/token') return this.token(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method Not Allowed');
    const token = req.headers['x-aws-ec2-metadata-token'];
    if (token !== undefined) {
      const expires = this.tokens.get(String(token));
      if (expires === undefined || expires <= this.source.now()) return reply(res, 401, 'Unauthorized');
    } else if (options?.HttpTokens !== 'optional') {
      // HttpTokens "required": IMDSv1 requests (no token) are refused with 401.
      return reply(res, 401, 'Unauthorized');
    }
    const body = await this.lookup(i, path);
    if (body === undefined) return reply(res, 404, 'Not Found');
    reply(res, 200, body);
  }

  /** PUT /latest/api/token: TTL 1–21600 s; a request through a proxy (X-Forwarded-For) gets no token. */
  private token(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'PUT') return reply(res, 405, 'Method Not Allowed');
    if (req.headers['x-forwarded-for'] !== undefined) return reply(res, 403, 'Forbidden');
    const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL) return reply(res, 400, 'Bad Request');
    const now = this.source.now();
    for (const [t, exp] of this.tokens) if (exp <= now) this.tokens.delete(t);
    const token = randomBytes(42).toString('base64');
    this.tokens.set(token, now + ttl * 1000);
    res.setHeader('x-aws-ec2-metadata-token-ttl-seconds', String(ttl));
    reply(res, 200, token);
  }

  private async lookup(i: InstanceRecord, path: string): Promise<string | undefined> {
    if (path === '/latest/user-data' || path === '/latest/user-data/') {
      return i._userData !== undefined ? Buffer.from(i._userData, 'base64').toString('utf8') : undefined;
    }
    if (path === '/latest/dynamic/instance-identity/document') {
      return JSON.stringify({
        accountId: i._ownerId, architecture: i.Architecture, availabilityZone: i.Placement?.AvailabilityZone, imageId: i.ImageId,
        instanceId: i.InstanceId, instanceType: i.InstanceType, pendingTime: i.LaunchTime, privateIp: i.PrivateIpAddress,
        region: this.source.region, version: '2017-09-30',
      }, null, 2);
    }
    if (path === '/latest' || path === '/latest/') return 'dynamic\nmeta-data\nuser-data';
    const prefix = '/latest/meta-data';
    if (!path.startsWith(prefix)) return undefined;
    const key = path.slice(prefix.length).replace(/^\//, '');
    const values = await this.metadata(i, key);
    return values;
  }

  private async metadata(i: InstanceRecord, key: string): Promise<string | undefined> {
    const tagsOn = i.MetadataOptions?.InstanceMetadataTags === 'enabled';
    const flat: Record<string, string | undefined> = {
      'ami-id': i.ImageId,
      'ami-launch-index': String(i.AmiLaunchIndex ?? 0),
      'hostname': i.PrivateDnsName,
      'instance-id': i.InstanceId,
      'instance-type': i.InstanceType,
      'local-hostname': i.PrivateDnsName,
      'local-ipv4': i.PrivateIpAddress,
      'mac': i.NetworkInterfaces?.[0]?.MacAddress,
      'placement/availability-zone': i.Placement?.AvailabilityZone,
      'placement/region': this.source.region,
      'public-hostname': i.PublicDnsName || undefined,
      'public-ipv4': i.PublicIpAddress,
      'reservation-id': i._reservationId,
      'security-groups': (i.SecurityGroups ?? []).map((g) => g.GroupName).join('\n'),
    };
    if (key === '' ) {
      const top = new Set(Object.keys(flat).filter((k) => flat[k] !== undefined).map((k) => (k.includes('/') ? `${k.split('/')[0]}/` : k)));
      if (i.IamInstanceProfile) top.add('iam/');
      if (tagsOn) top.add('tags/');
      return [...top].sort().join('\n');
    }
    if (key in flat) return flat[key];
    if (key === 'placement' || key === 'placement/') return 'availability-zone\nregion';
    if (tagsOn && (key === 'tags/instance' || key === 'tags/instance/')) return (i.Tags ?? []).map((t) => t.Key).join('\n');
    if (tagsOn && key.startsWith('tags/instance/')) return i.Tags?.find((t) => t.Key === decodeURIComponent(key.slice(14)))?.Value;
    if (!i.IamInstanceProfile) return undefined;
    if (key === 'iam' || key === 'iam/') return 'info\nsecurity-credentials/';
    if (key === 'iam/info') {
      return JSON.stringify({ Code: 'Success', LastUpdated: new Date(this.source.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'), InstanceProfileArn: i.IamInstanceProfile.Arn, InstanceProfileId: i.IamInstanceProfile.Id }, null, 2);
    }
    if (!key.startsWith('iam/security-credentials')) return undefined;
    const found = await this.source.credentials();
    if (!found) return undefined;
    if (key === 'iam/security-credentials' || key === 'iam/security-credentials/') return found.role;
    if (key !== `iam/security-credentials/${found.role}`) return undefined;
    const c = found.credentials;
    return JSON.stringify({ Code: 'Success', LastUpdated: c.LastUpdated, Type: 'AWS-HMAC', AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, Token: c.Token, Expiration: c.Expiration }, null, 2);
  }
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
