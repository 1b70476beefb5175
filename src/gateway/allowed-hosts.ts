// Which Host headers kumo answers: loopback names and addresses, the --host address, names kumo itself serves (S3
// virtual hosts, LocalStack's public *.localhost.localstack.cloud, AWS's own names) and KUMO_ALLOWED_HOSTS. A web page
// that rebinds its own DNS name to 127.0.0.1 still sends its own name as Host, so refusing unknown names stops it.
import { hostname as machineName, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';

/** A rule a service adds for the names it serves, given the check for the rest of the name (S3: `<bucket>.s3.<allowed>`). */
export type HostRule = (name: string, allowed: (name: string) => boolean) => boolean;

/** Names no attacker can point at 127.0.0.1 from a web page: loopback, `.localhost` (RFC 6761), LocalStack's public
 *  loopback name and AWS's own domains (a proxy or /etc/hosts may send them to kumo). */
const BUILT_IN = ['localhost', '*.localhost', 'localhost.localstack.cloud', '*.localhost.localstack.cloud', '*.amazonaws.com', '*.amazonaws.com.cn'];

export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(a) === 4) return a.startsWith('127.');
  if (isIP(a) === 6) return a === '::1' || a.startsWith('::ffff:127.');
  return false;
}

/** True for a --host that only this machine can reach (loopback address or `localhost`). */
export function isLoopbackBind(host: string): boolean {
  return isLoopbackAddress(host) || host.toLowerCase() === 'localhost';
}

/** The host part of a Host header, lower case, without port or IPv6 brackets. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon !== -1 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

function matches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
  return name === pattern;
}

/** The machine's own names and addresses: the default list when kumo listens beyond loopback. */
export function machineHosts(): string[] {
  const out = [machineName().toLowerCase()];
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) out.push(i.address.toLowerCase());
  return out;
}

export class AllowedHosts {
  private readonly patterns: string[];
  private readonly rules: HostRule[] = [];

  /**
   * `host`: the --host kumo listens on; `extra`: KUMO_ALLOWED_HOSTS (undefined = the default: nothing more on a
   * loopback bind, the machine's names and addresses otherwise). Entries are names, addresses or `*.suffix`; `*` = any.
   */
  constructor(host: string, extra: readonly string[] | undefined) {
    const wildcardBind = host === '0.0.0.0' || host === '::';
    const more = extra ?? (isLoopbackBind(host) ? [] : machineHosts());
    this.patterns = [...BUILT_IN, ...(wildcardBind ? [] : [hostName(host)]), ...more.map((p) => hostName(p))];
  }

  /** Lets a service accept the names it serves (S3 virtual hosts; later ELB and CloudFront names). */
  addRule(rule: HostRule): void {
    this.rules.push(rule);
  }

  /** True when a request with this Host header may be served. No Host (HTTP/1.0, in-process calls) is allowed:
   *  browsers always send one. */
  allows(header: string | undefined): boolean {
    if (header === undefined || header === '') return true;
    return this.allowsName(hostName(header));
  }

  private allowsName = (name: string): boolean => {
    if (isLoopbackAddress(name)) return true;
    if (this.patterns.some((p) => matches(p, name))) return true;
    return this.rules.some((rule) => rule(name, this.allowsName));
  };

  /** For error messages and docs. */
  describe(): string {
    return ['loopback addresses', ...this.patterns].join(', ');
  }
}
