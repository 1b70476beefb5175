// The answer to a request no enabled service matches: it names the service the request asked for (from its
// signing scope, X-Amz-Target or host) and says why: left out by --services, or not emulated by kumo yet.
import { AwsError } from '../core/aws-error.js';
import { GENERATED_SERVICES } from '../generated/services.js';
import { credentialScopeService, type RouteRequest } from '../protocol/service-router.js';
import type { ServiceRegistry } from '../runtime/service-registry.js';

/** The service a request names, as AWS would know it: the signing name, the target prefix, or the first host label. */
export function requestedServiceName(req: RouteRequest): string | undefined {
  const signing = credentialScopeService(req);
  if (signing) return signing;
  const target = req.headers['x-amz-target'];
  if (target) return target.slice(0, target.lastIndexOf('.')) || target;
  const host = (req.headers['host'] ?? '').replace(/:\d+$/, '').split('.')[0];
  return host && !/^(localhost|\d+)$/.test(host) ? host : undefined;
}

export function unroutable(req: RouteRequest, services: ServiceRegistry): AwsError {
  const name = requestedServiceName(req);
  if (name) {
    const known = GENERATED_SERVICES.find((s) => s.metadata.signingName === name || s.metadata.endpointPrefix === name || s.metadata.targetPrefix === name || s.id === name);
    if (known && !services.isEnabled(known.id)) {
      return new AwsError('UnknownService', `The service ${known.id} is disabled in this kumo (started with --services/KUMO_SERVICES without it).`, { status: 400 });
    }
    if (!known) return new AwsError('UnknownService', `kumo does not emulate the service '${name}' yet.`, { status: 400 });
  }
  return new AwsError('UnknownService', 'kumo serves no enabled service that matches this request (signing name, X-Amz-Target, host or Action).', { status: 400 });
}
