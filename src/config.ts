// kumo's configuration: every setting has a CLI flag and a KUMO_* environment variable (flags win), documented
// in the README's configuration table. Parsing is pure so it is unit-tested without starting a server.
import { parseArgs } from 'node:util';
import { KumoError } from './core/kumo-error.js';
import { GENERATED_SERVICES } from './generated/services.js';
import { parseUpstream } from './net/dns/upstream.js';
import { isLoopbackPool } from './runtime/endpoints.js';

export interface KumoConfig {
  host: string;
  port: number;
  dataDir: string;
  inMemory: boolean;
  /** Service ids (or botocore names) to serve; undefined = all. */
  services: string[] | undefined;
  defaultAccount: string;
  enforceIam: boolean;
  /** DynamoDB: make eventually consistent reads lag writes by this many ms (0 = off). */
  dynamodbEventualLagMs: number;
  /** KUMO_DEBUG topics: requests, pipeline, all. */
  debug: string[];
  /** KUMO_CLOCK_RATE: runtime clock ms per wall ms (1 = real time). */
  clockRate: number;
  /** KUMO_LOW_PORT_OFFSET: data-plane ports below 1024 listen at port + this (0 = the real port). */
  lowPortOffset: number;
  /** KUMO_AWS_DELAYS: AWS's deliberate waits (a deleted queue's name held 60 s, …); off by default. */
  awsDelays: boolean;
  /** KUMO_DNS_PORT: Route 53's DNS server port (UDP and TCP); undefined = 53 + lowPortOffset; 0 = any free port. */
  dnsPort: number | undefined;
  /** KUMO_DNS_CLIENT_LOCATIONS: source address → region/country/VPC rules for DNS answers (src/net/dns/locator.ts). */
  dnsClientLocations: string;
  /** KUMO_DNS_UPSTREAM: resolver (`ip[:port]`) for names outside kumo's zones; '' = answer them REFUSED. */
  dnsUpstream: string;
  /** KUMO_ROUTE53_PROBE_ANY_ADDRESS: let health checks probe endpoints off the loopback network. */
  route53ProbeAnyAddress: boolean;
  /** KUMO_CORS_ORIGINS: browser origins allowed to call services without their own CORS rules (`*` = any). */
  corsOrigins: string[];
  /** KUMO_ALLOWED_HOSTS: Host names accepted beyond loopback and kumo's own names; undefined = the default. */
  allowedHosts: string[] | undefined;
  /** KUMO_WAF_RATE_CHECK_MS: rate-based rules decide at this interval, as AWS does (~10000); 0 = every request. */
  wafRateCheckMs: number;
  /** KUMO_ELB_TIME_SCALE: multiplies ELB health-check intervals and deregistration delays (0.1 = ten times faster). */
  elbTimeScale: number;
  /** KUMO_ELB_NODE_CIDR: the loopback range load balancer nodes bind (inside 127.0.0.0/8; default 127.77.0.0/16). */
  elbNodeCidr: string;
  /** KUMO_WAF_IP_LISTS: addresses of AWS's managed IP lists, `AWSManagedIPReputationList=cidr,cidr;AnonymousIPList=…`. */
  wafIpLists: string;
  /** --run-instances/KUMO_RUN_INSTANCES: EC2 instances run their UserData as local process groups (off: data only). */
  runInstances: boolean;
  /** KUMO_IMDS_PORT: the port of each instance's metadata service on its loopback address; undefined = 80 + offset. */
  imdsPort: number | undefined;
  /** KUMO_VPC_DATA_PLANE: with --run-instances, `auto` builds VPCs as Linux namespaces when it can; `loopback` never. */
  vpcDataPlane: 'auto' | 'loopback';
  /** KUMO_INSTANCES_IN_NAMESPACES: with the VPC namespaces up, user data runs inside its instance's namespace (off: on its loopback address). */
  instancesInNamespaces: boolean;
  /** KUMO_EXPOSE_PUBLIC_IPS (on/off): with namespaces, each public IP's open ports on host loopback 127.b.c.d. */
  exposePublicIps: boolean;
  /** KUMO_EDGE_HTTP_PORT / KUMO_EDGE_HTTPS_PORT: CloudFront's edge listeners; undefined = 80/443 + lowPortOffset; 0 = any free port. */
  edgeHttpPort: number | undefined;
  edgeHttpsPort: number | undefined;
  /** KUMO_EDGE_CACHE_MB: the edge's in-memory cache size (LRU). */
  edgeCacheMb: number;
  /** KUMO_EDGE_CACHE_FILES_MB: bytes of cached bodies over 1 MiB the edge keeps as files (LRU with the memory cache). */
  edgeCacheFilesMb: number;
  /** KUMO_EDGE_TRUST_VIEWER_ADDRESS: the edge takes X-Kumo-Viewer-Address as the viewer's address (hosts with only 127.0.0.1). */
  edgeTrustViewerAddress: boolean;
  /** KUMO_GEO_TABLE: CSV file of `cidr,country` rows read over the default geo mapping (src/net/geo/). */
  geoTable: string | undefined;
  /** KUMO_GEO_DEFAULT_COUNTRY: the country of loopback viewers (127.0.0.0/8, ::1). */
  geoDefaultCountry: string;
  /** KUMO_S3_RESTORE_SECONDS: how long an S3 archive restore takes on the runtime clock (0 = at once). */
  s3RestoreSeconds: number;
}

export const DEFAULT_CONFIG: KumoConfig = {
  host: '127.0.0.1',
  port: 4566,
  dataDir: './.kumo',
  inMemory: false,
  services: undefined,
  defaultAccount: '000000000000',
  enforceIam: false,
  dynamodbEventualLagMs: 0,
  debug: [],
  clockRate: 1,
  lowPortOffset: 10_000,
  awsDelays: false,
  dnsPort: undefined,
  dnsClientLocations: '',
  dnsUpstream: '',
  route53ProbeAnyAddress: false,
  corsOrigins: [],
  allowedHosts: undefined,
  wafRateCheckMs: 0,
  elbTimeScale: 1,
  elbNodeCidr: '127.77.0.0/16',
  wafIpLists: '',
  runInstances: false,
  imdsPort: undefined,
  vpcDataPlane: 'auto',
  instancesInNamespaces: true,
  exposePublicIps: true,
  edgeHttpPort: undefined,
  edgeHttpsPort: undefined,
  edgeCacheMb: 256,
  edgeCacheFilesMb: 4096,
  edgeTrustViewerAddress: false,
  geoTable: undefined,
  geoDefaultCountry: 'US',
  s3RestoreSeconds: 0,
};

/** KUMO_DEBUG topics, as documented in the README. */
export const DEBUG_TOPICS = ['requests', 'pipeline', 'all'] as const;

/** Flag name → environment variable, in the order the README lists them. */
export const CONFIG_ENV = {
  port: 'KUMO_PORT',
  host: 'KUMO_HOST',
  'data-dir': 'KUMO_DATA_DIR',
  'in-memory': 'KUMO_IN_MEMORY',
  services: 'KUMO_SERVICES',
  account: 'KUMO_ACCOUNT',
  'enforce-iam': 'KUMO_ENFORCE_IAM',
  'run-instances': 'KUMO_RUN_INSTANCES',
} as const;

function invalid(message: string): KumoError {
  return new KumoError('KUMO_ERR_CONFIG_INVALID', message);
}

function parseBoolean(name: string, value: string): boolean {
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value.toLowerCase())) return false;
  throw invalid(`${name} must be true or false, not '${value}'`);
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw invalid(`${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

/** A comma list; unset or empty = undefined. */
function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): KumoConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        services: { type: 'string' },
        account: { type: 'string' },
        'enforce-iam': { type: 'boolean' },
        'run-instances': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  const pick = (flag: keyof typeof CONFIG_ENV): string | undefined => {
    const value = parsed[flag];
    if (typeof value === 'string') return value;
    if (value === true) return 'true';
    const fromEnv = env[CONFIG_ENV[flag]];
    // A variable set to the empty string counts as unset, as shells make that easy to do by accident.
    return fromEnv === '' ? undefined : fromEnv;
  };
  const config: KumoConfig = { ...DEFAULT_CONFIG, debug: [], corsOrigins: [] };
  const port = pick('port');
  if (port !== undefined) config.port = parseInteger('--port/KUMO_PORT', port, 0, 65535);
  config.host = pick('host') ?? config.host;
  config.dataDir = pick('data-dir') ?? config.dataDir;
  const inMemory = pick('in-memory');
  if (inMemory !== undefined) config.inMemory = parseBoolean('--in-memory/KUMO_IN_MEMORY', inMemory);
  const services = pick('services');
  if (services !== undefined && services.trim() !== '') {
    config.services = services.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = config.services.filter((name) => !GENERATED_SERVICES.some((s) => s.id === name || s.modelName === name));
    if (unknown.length > 0) {
      throw invalid(`--services/KUMO_SERVICES names unknown services: ${unknown.join(', ')} (known: ${GENERATED_SERVICES.map((s) => s.id).join(', ')})`);
    }
  }
  const account = pick('account');
  if (account !== undefined) {
    if (!/^\d{12}$/.test(account)) throw invalid(`--account/KUMO_ACCOUNT must be 12 digits, not '${account}'`);
    config.defaultAccount = account;
  }
  const enforce = pick('enforce-iam');
  if (enforce !== undefined) config.enforceIam = parseBoolean('--enforce-iam/KUMO_ENFORCE_IAM', enforce);
  const lag = env['KUMO_DYNAMODB_EVENTUAL_LAG_MS'];
  if (lag !== undefined && lag !== '') config.dynamodbEventualLagMs = parseInteger('KUMO_DYNAMODB_EVENTUAL_LAG_MS', lag, 0, 3_600_000);
  config.debug = (env['KUMO_DEBUG'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknownTopics = config.debug.filter((t) => !(DEBUG_TOPICS as readonly string[]).includes(t));
  if (unknownTopics.length > 0) throw invalid(`KUMO_DEBUG names unknown topics: ${unknownTopics.join(', ')} (known: ${DEBUG_TOPICS.join(', ')})`);
  const rate = env['KUMO_CLOCK_RATE'];
  if (rate !== undefined && rate !== '') {
    const n = Number(rate);
    if (!(n > 0 && n <= 1_000_000)) throw invalid(`KUMO_CLOCK_RATE must be a number above 0, not '${rate}'`);
    config.clockRate = n;
  }
  const offset = env['KUMO_LOW_PORT_OFFSET'];
  if (offset !== undefined && offset !== '') config.lowPortOffset = parseInteger('KUMO_LOW_PORT_OFFSET', offset, 0, 64_511);
  const delays = env['KUMO_AWS_DELAYS'];
  if (delays !== undefined && delays !== '') config.awsDelays = parseBoolean('KUMO_AWS_DELAYS', delays);
  const dnsPort = env['KUMO_DNS_PORT'];
  if (dnsPort !== undefined && dnsPort !== '') config.dnsPort = parseInteger('KUMO_DNS_PORT', dnsPort, 0, 65535);
  config.dnsClientLocations = env['KUMO_DNS_CLIENT_LOCATIONS'] ?? '';
  config.dnsUpstream = env['KUMO_DNS_UPSTREAM'] ?? '';
  if (config.dnsUpstream !== '') {
    try {
      parseUpstream(config.dnsUpstream);
    } catch (e) {
      throw invalid((e as Error).message);
    }
  }
  const probeAny = env['KUMO_ROUTE53_PROBE_ANY_ADDRESS'];
  if (probeAny !== undefined && probeAny !== '') config.route53ProbeAnyAddress = parseBoolean('KUMO_ROUTE53_PROBE_ANY_ADDRESS', probeAny);
  config.corsOrigins = list(env['KUMO_CORS_ORIGINS']) ?? [];
  const wafCheck = env['KUMO_WAF_RATE_CHECK_MS'];
  if (wafCheck !== undefined && wafCheck !== '') config.wafRateCheckMs = parseInteger('KUMO_WAF_RATE_CHECK_MS', wafCheck, 0, 3_600_000);
  config.wafIpLists = env['KUMO_WAF_IP_LISTS'] ?? '';
  const elbScale = env['KUMO_ELB_TIME_SCALE'];
  if (elbScale !== undefined && elbScale !== '') {
    const n = Number(elbScale);
    if (!(n > 0 && n <= 1)) throw invalid(`KUMO_ELB_TIME_SCALE must be a number above 0 and at most 1, not '${elbScale}'`);
    config.elbTimeScale = n;
  }
  const nodeCidr = env['KUMO_ELB_NODE_CIDR'];
  if (nodeCidr !== undefined && nodeCidr !== '') {
    if (!isLoopbackPool(nodeCidr)) throw invalid(`KUMO_ELB_NODE_CIDR must be a CIDR inside 127.0.0.0/8 between /8 and /30, not '${nodeCidr}'`);
    config.elbNodeCidr = nodeCidr;
  }
  for (const origin of config.corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/i.test(origin)) throw invalid(`KUMO_CORS_ORIGINS entries are origins like http://localhost:3000 (or *), not '${origin}'`);
  }
  config.allowedHosts = list(env['KUMO_ALLOWED_HOSTS']);
  const runInstances = pick('run-instances');
  if (runInstances !== undefined) config.runInstances = parseBoolean('--run-instances/KUMO_RUN_INSTANCES', runInstances);
  const imdsPort = env['KUMO_IMDS_PORT'];
  if (imdsPort !== undefined && imdsPort !== '') config.imdsPort = parseInteger('KUMO_IMDS_PORT', imdsPort, 0, 65535);
  const plane = env['KUMO_VPC_DATA_PLANE'];
  if (plane !== undefined && plane !== '') {
    if (plane !== 'auto' && plane !== 'loopback') throw invalid(`KUMO_VPC_DATA_PLANE must be auto or loopback, not '${plane}'`);
    config.vpcDataPlane = plane;
  }
  const inNamespaces = env['KUMO_INSTANCES_IN_NAMESPACES'];
  if (inNamespaces !== undefined && inNamespaces !== '') config.instancesInNamespaces = parseBoolean('KUMO_INSTANCES_IN_NAMESPACES', inNamespaces);
  const expose = env['KUMO_EXPOSE_PUBLIC_IPS'];
  if (expose !== undefined && expose !== '') {
    if (expose !== 'on' && expose !== 'off') throw invalid(`KUMO_EXPOSE_PUBLIC_IPS must be on or off, not '${expose}'`);
    config.exposePublicIps = expose === 'on';
  }
  const edgeHttp = env['KUMO_EDGE_HTTP_PORT'];
  if (edgeHttp !== undefined && edgeHttp !== '') config.edgeHttpPort = parseInteger('KUMO_EDGE_HTTP_PORT', edgeHttp, 0, 65535);
  const edgeHttps = env['KUMO_EDGE_HTTPS_PORT'];
  if (edgeHttps !== undefined && edgeHttps !== '') config.edgeHttpsPort = parseInteger('KUMO_EDGE_HTTPS_PORT', edgeHttps, 0, 65535);
  const cacheMb = env['KUMO_EDGE_CACHE_MB'];
  if (cacheMb !== undefined && cacheMb !== '') config.edgeCacheMb = parseInteger('KUMO_EDGE_CACHE_MB', cacheMb, 1, 65_536);
  const filesMb = env['KUMO_EDGE_CACHE_FILES_MB'];
  if (filesMb !== undefined && filesMb !== '') config.edgeCacheFilesMb = parseInteger('KUMO_EDGE_CACHE_FILES_MB', filesMb, 0, 16_777_216);
  const trustViewer = env['KUMO_EDGE_TRUST_VIEWER_ADDRESS'];
  if (trustViewer !== undefined && trustViewer !== '') config.edgeTrustViewerAddress = parseBoolean('KUMO_EDGE_TRUST_VIEWER_ADDRESS', trustViewer);
  if (env['KUMO_GEO_TABLE']) config.geoTable = env['KUMO_GEO_TABLE'];
  const country = env['KUMO_GEO_DEFAULT_COUNTRY'];
  if (country !== undefined && country !== '') {
    if (!/^[A-Z]{2}$/.test(country)) throw invalid(`KUMO_GEO_DEFAULT_COUNTRY must be a two-letter country code like US, not '${country}'`);
    config.geoDefaultCountry = country;
  }
  const restore = env['KUMO_S3_RESTORE_SECONDS'];
  if (restore !== undefined && restore !== '') config.s3RestoreSeconds = parseInteger('KUMO_S3_RESTORE_SECONDS', restore, 0, 30 * 24 * 3600);
  return config;
}
