// Finds which service and wire protocol a request speaks, from the cheapest evidence first: the SigV4 credential
// scope, then X-Amz-Target / the RPC v2 path, then the Host, then the query's Version, and S3 as the last resort.
import type { Protocol } from '../core/model.js';

/** What the router needs of each service: the generated metadata summary, never the whole model. */
export interface RoutableService {
  id: string;
  metadata: {
    protocol: string;
    protocols: readonly string[];
    endpointPrefix: string;
    signingName: string;
    targetPrefix?: string;
    apiVersion: string;
    awsQueryCompatible: boolean;
  };
}

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** The form parameters of a POST with Content-Type application/x-www-form-urlencoded, when already read. */
  form: { get(name: string): string | null } | undefined;
}

export interface Route {
  serviceId: string;
  protocol: Protocol;
}

/** The part of a request the router reads before the body: is it form-encoded (query protocol) and unsigned by scope? */
export function isFormRequest(req: { method: string; headers: Record<string, string> }): boolean {
  return req.method === 'POST' && (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

const CREDENTIAL_IN_HEADER = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The signing service name of a SigV4 request, from the Authorization header or a presigned URL. */
export function credentialScopeService(req: RouteRequest): string | undefined {
  const header = req.headers['authorization'];
  if (header) return CREDENTIAL_IN_HEADER.exec(header)?.[4];
  const credential = req.query.get('X-Amz-Credential');
  return credential?.split('/')[3];
}

/** Services whose host label alone names them, e.g. `sqs.us-east-1.localhost` or `<bucket>.s3.localhost.localstack.cloud`. */
function serviceByHost(host: string, services: readonly RoutableService[]): RoutableService | undefined {
  const labels = host.replace(/:\d+$/, '').toLowerCase().split('.');
  if (labels.some((l) => l === 's3' || l.startsWith('s3-') || l === 's3-accelerate')) return services.find((s) => s.id === 's3');
  return services.find((s) => labels[0] === s.metadata.endpointPrefix);
}

export function routeRequest(req: RouteRequest, services: readonly RoutableService[]): Route | undefined {
  const target = req.headers['x-amz-target'];
  const rpcV2 = /^\/service\/([^/]+)\/operation\/[^/]+$/.exec(req.path);
  // Query-protocol parameters may come in the URL of a GET or a POST (presigned query requests are POSTed too).
  const form = req.form ?? (req.query.has('Action') ? req.query : undefined);
  const version = form?.get('Version') ?? undefined;

  let candidates = services;
  const signingName = credentialScopeService(req);
  if (signingName) {
    // A signature names its service: when no enabled service signs that way, the request is not ours to guess at
    // (a disabled STS must not fall through to SQS's query form); the gateway then names the service it asked for.
    candidates = services.filter((s) => s.metadata.signingName === signingName);
    if (candidates.length === 0) return undefined;
  } else {
    // Unsigned: a host named for the service (sts.us-east-1.localhost.localstack.cloud) narrows it the same way.
    const byHost = serviceByHost(req.headers['host'] ?? '', services);
    if (byHost && byHost.id !== 's3') candidates = [byHost];
  }

  if (rpcV2 && req.headers['smithy-protocol'] === 'rpc-v2-cbor') {
    const name = rpcV2[1];
    const service = candidates.find((s) => s.metadata.targetPrefix === name && s.metadata.protocols.includes('smithy-rpc-v2-cbor'));
    return service ? { serviceId: service.id, protocol: 'smithy-rpc-v2-cbor' } : undefined;
  }
  if (target) {
    const prefix = target.slice(0, target.lastIndexOf('.'));
    const service = candidates.find((s) => s.metadata.targetPrefix === prefix);
    return service ? { serviceId: service.id, protocol: 'json' } : undefined;
  }
  if (form) {
    const service = pickQueryService(candidates, version) ?? (signingName ? undefined : pickQueryService(services, version));
    if (service) return { serviceId: service.id, protocol: service.metadata.protocol === 'ec2' ? 'ec2' : 'query' };
  }
  if (signingName && candidates[0]) {
    const rest = candidates.find((s) => s.metadata.protocol.startsWith('rest-'));
    if (rest) return { serviceId: rest.id, protocol: rest.metadata.protocol as Protocol };
  }
  const byHost = serviceByHost(req.headers['host'] ?? '', services);
  if (byHost && byHost.metadata.protocol.startsWith('rest-')) return { serviceId: byHost.id, protocol: byHost.metadata.protocol as Protocol };
  // Unsigned requests with no other evidence (curl on a presigned-less URL, browser form posts) are S3's, as on AWS's
  // own s3 endpoints; this is what LocalStack users expect too.
  const s3 = services.find((s) => s.id === 's3');
  return s3 && !signingName ? { serviceId: 's3', protocol: 'rest-xml' } : undefined;
}

/** Among query-protocol services, the one whose API version the request names (the ELB and ELBv2 share a signing name). */
function pickQueryService(candidates: readonly RoutableService[], version: string | undefined): RoutableService | undefined {
  const speaksQuery = candidates.filter(
    (s) => s.metadata.protocols.includes('query') || s.metadata.protocols.includes('ec2') || s.metadata.awsQueryCompatible,
  );
  if (version) {
    const exact = speaksQuery.find((s) => s.metadata.apiVersion === version);
    if (exact) return exact;
  }
  return speaksQuery.length === 1 ? speaksQuery[0] : undefined;
}
