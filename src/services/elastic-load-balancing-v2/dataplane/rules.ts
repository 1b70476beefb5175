// ALB listener rule conditions compiled to matchers (ALB guide, "Listener rules": host-header case-insensitive,
// path-pattern case-sensitive on the path only, `*` and `?` wildcards, values OR-ed, conditions AND-ed).
import { BlockList, isIPv4 } from 'node:net';
import type { RuleCondition } from '../../../generated/elastic-load-balancing-v2/api.js';

export interface RequestFacts {
  method: string;
  host: string;
  path: string;
  query: string;
  header(lowerName: string): string | undefined;
  sourceIp: string;
}

export type Matcher = (r: RequestFacts) => boolean;

export function wildcard(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

function anyOf(values: readonly string[], ci: boolean): (v: string | undefined) => boolean {
  const res = values.map((v) => wildcard(v, ci));
  return (v) => v !== undefined && res.some((re) => re.test(v));
}

function parseQuery(query: string): Array<[string, string]> {
  if (!query) return [];
  return query.split('&').map((kv) => {
    const i = kv.indexOf('=');
    const dec = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return i < 0 ? [dec(kv), ''] : [dec(kv.slice(0, i)), dec(kv.slice(i + 1))];
  });
}

export function compileCondition(c: RuleCondition): Matcher {
  switch (c.Field) {
    case 'host-header': {
      const m = anyOf(c.HostHeaderConfig?.Values ?? c.Values ?? [], true);
      return (r) => m(r.host);
    }
    case 'path-pattern': {
      const m = anyOf(c.PathPatternConfig?.Values ?? c.Values ?? [], false);
      return (r) => m(r.path);
    }
    case 'http-header': {
      const name = (c.HttpHeaderConfig?.HttpHeaderName ?? '').toLowerCase();
      const m = anyOf(c.HttpHeaderConfig?.Values ?? [], true);
      return (r) => m(r.header(name));
    }
    case 'http-request-method': {
      const set = new Set(c.HttpRequestMethodConfig?.Values ?? []);
      return (r) => set.has(r.method);
    }
    case 'query-string': {
      const pairs = (c.QueryStringConfig?.Values ?? []).map((kv) => ({ key: kv.Key === undefined ? undefined : wildcard(kv.Key, true), value: wildcard(kv.Value ?? '', true) }));
      return (r) => {
        const q = parseQuery(r.query);
        return pairs.some((p) => q.some(([k, v]) => (p.key === undefined || p.key.test(k)) && p.value.test(v)));
      };
    }
    case 'source-ip': {
      const list = new BlockList();
      for (const cidr of c.SourceIpConfig?.Values ?? []) {
        const [net, bits] = cidr.split('/');
        list.addSubnet(net!, Number(bits), isIPv4(net!) ? 'ipv4' : 'ipv6');
      }
      return (r) => {
        const ip = r.sourceIp.startsWith('::ffff:') ? r.sourceIp.slice(7) : r.sourceIp;
        return list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');
      };
    }
    default:
      return () => false;
  }
}

export function compileRule(conditions: readonly RuleCondition[]): Matcher {
  const ms = conditions.map(compileCondition);
  return (r) => ms.every((m) => m(r));
}
