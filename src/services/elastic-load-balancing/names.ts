// CLB naming and input rules: load balancer names, DNS names in AWS's shape, listener protocols and the health
// check Target grammar (CreateLoadBalancer, Listener and HealthCheck API references, 2012-06-01).
import { randomInt } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import { modeledError } from '../../generated/elastic-load-balancing/errors.js';
import { canonicalHostedZoneId } from '../elastic-load-balancing-v2/names.js';

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

/** ≤ 32 alphanumerics or hyphens, no hyphen at either end, no `internal-` prefix (CreateLoadBalancer reference). */
export function checkName(name: string): void {
  if (name.length < 1 || name.length > 32) throw validationError(`LoadBalancerName '${name}' must be between 1 and 32 characters long`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw validationError(`LoadBalancerName '${name}' must contain only alphanumeric characters or hyphens`);
  if (name.startsWith('-') || name.endsWith('-')) throw validationError(`LoadBalancerName '${name}' cannot begin or end with a hyphen`);
  if (name.toLowerCase().startsWith('internal-')) throw validationError(`LoadBalancerName '${name}' cannot begin with 'internal-'`);
}

/** `name-1234567890.region.elb.amazonaws.com`, `internal-…` for internal load balancers (as AWS answers them). */
export function dnsName(scheme: string, name: string, region: string): string {
  return `${scheme === 'internal' ? 'internal-' : ''}${name}-${randomInt(1_000_000_000, 2_147_483_647)}.${region}.elb.amazonaws.com`;
}

/** CLB shares ALB's per-region hosted zone (AWS General Reference, "Elastic Load Balancing endpoints"). */
export function hostedZoneId(region: string): string {
  return canonicalHostedZoneId('application', region);
}

export const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'SSL'] as const;
export type ClbProtocol = (typeof PROTOCOLS)[number];

/** HTTP and HTTPS are layer 7, TCP and SSL layer 4; a listener's two sides must be the same layer (CLB guide,
 *  "Listener configurations"). An absent InstanceProtocol is HTTP for HTTP/HTTPS and TCP for TCP/SSL. */
export function layer(p: string): 7 | 4 {
  return p === 'HTTP' || p === 'HTTPS' ? 7 : 4;
}

export function normalizeProtocol(p: string): ClbProtocol {
  const up = p.toUpperCase();
  if (!(PROTOCOLS as readonly string[]).includes(up)) throw modeledError('UnsupportedProtocolException', `Protocol '${p}' is not supported. Supported protocols: HTTP, HTTPS, TCP, SSL`);
  return up as ClbProtocol;
}

export interface HealthTarget {
  protocol: ClbProtocol;
  port: number;
  /** HTTP/HTTPS only; starts with `/`. */
  path?: string;
}

/** `HTTP:80/index.html`, `TCP:5000`, `SSL:443`, `HTTPS:443/` (HealthCheck reference, Target). */
export function parseHealthTarget(target: string): HealthTarget {
  const m = /^([A-Za-z]+):(\d{1,5})(\/.*)?$/.exec(target);
  const bad = validationError(`Invalid health check target '${target}': expected PROTOCOL:PORT for TCP and SSL, PROTOCOL:PORT/PATH for HTTP and HTTPS`);
  if (!m) throw bad;
  const protocol = m[1]!.toUpperCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) throw bad;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw bad;
  if (layer(protocol) === 7) {
    if (!m[3]) throw bad;
    return { protocol: protocol as ClbProtocol, port, path: m[3] };
  }
  if (m[3]) throw bad;
  return { protocol: protocol as ClbProtocol, port };
}
