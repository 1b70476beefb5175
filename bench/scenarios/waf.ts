// WAF benchmarks. waf-acl: CPU µs per request of inspect() on a 10-rule web ACL (IP set, byte match, SQLi, XSS,
// regex set, rate-based, …) in process, median of 3 runs, against the ≤ 10 µs target. waf-corpus: detection and
// false-positive rates of kumo's SQLi/XSS detectors on attack strings from Debian's sqlmap and wfuzz packages
// (fetched with `apt-get download` at bench time, never committed) and the committed benign set.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rule, WebACL } from '../../src/generated/wafv2/api.js';
import { geoLookup } from '../../src/net/waf/geo-lookup.js';
import { inspect, type InspectContext } from '../../src/net/waf/inspect.js';
import { CidrSet, parseCidr } from '../../src/net/waf/ip.js';
import { compileRegex } from '../../src/net/waf/regex.js';
import { detectSqli } from '../../src/net/waf/sqli.js';
import { TrafficState } from '../../src/net/waf/traffic.js';
import { transform } from '../../src/net/waf/transforms.js';
import type { WafRequest } from '../../src/net/waf/types.js';
import { detectXss } from '../../src/net/waf/xss.js';
import type { Scenario } from '../scenario.js';

const VIS = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'm' };
const UH = [{ Priority: 0, Type: 'URL_DECODE' as const }, { Priority: 1, Type: 'HTML_ENTITY_DECODE' as const }];
const QA = { AllQueryArguments: {} };

function tenRuleAcl(): WebACL {
  const r = (Name: string, Priority: number, Statement: Rule['Statement'], Action: NonNullable<Rule['Action']> = { Block: {} }): Rule => ({ Name, Priority, Statement, Action, VisibilityConfig: { ...VIS, MetricName: Name } });
  return {
    Name: 'bench', Id: 'b', ARN: 'arn:bench', DefaultAction: { Allow: {} }, VisibilityConfig: VIS, LabelNamespace: 'awswaf:000000000000:webacl:bench:',
    Rules: [
      r('ipset', 0, { IPSetReferenceStatement: { ARN: 'ipset' } }),
      r('bytes-admin', 1, { ByteMatchStatement: { SearchString: Buffer.from('/admin'), FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }] } }),
      r('bytes-ua', 2, { ByteMatchStatement: { SearchString: Buffer.from('sqlmap'), FieldToMatch: { SingleHeader: { Name: 'user-agent' } }, PositionalConstraint: 'CONTAINS', TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }] } }),
      r('sqli-query', 3, { SqliMatchStatement: { FieldToMatch: QA, TextTransformations: UH } }),
      r('sqli-body', 4, { SqliMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: UH } }),
      r('xss-query', 5, { XssMatchStatement: { FieldToMatch: QA, TextTransformations: UH } }),
      r('xss-body', 6, { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: UH } }),
      r('regex-set', 7, { RegexPatternSetReferenceStatement: { ARN: 'regexset', FieldToMatch: { UriPath: {} }, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }),
      r('size', 8, { SizeConstraintStatement: { FieldToMatch: { QueryString: {} }, ComparisonOperator: 'GT', Size: 2048, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }),
      r('rate', 9, { RateBasedStatement: { Limit: 2_000_000_000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } }),
    ],
  };
}

function benchContext(): InspectContext {
  const ips = new CidrSet();
  for (let i = 0; i < 100; i++) ips.add(parseCidr(`198.51.${i}.0/24`)!, true);
  const res = ['\\.php$', '^/wp-', '\\.(?:bak|old|swp)$'].map(compileRegex);
  return { now: 0, bodyLimit: 8192, account: '000000000000', aclArn: 'arn:bench', geo: geoLookup([]), ipSet: () => ({ set: ips }), regexSet: () => res, ruleGroup: () => undefined, ipLists: new Map(), traffic: new TrafficState(0) };
}

const REQUESTS: WafRequest[] = [
  { method: 'GET', path: '/products/123', query: 'ref=email&utm_source=newsletter&page=2', headers: [['host', 'shop.example.com'], ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0'], ['accept', 'text/html'], ['cookie', 'session=abc123; theme=dark']], clientIp: '127.0.0.1' },
  { method: 'POST', path: '/api/v1/orders', query: '', headers: [['host', 'shop.example.com'], ['user-agent', 'curl/8.5'], ['content-type', 'application/json']], body: Buffer.from(JSON.stringify({ items: [{ id: 1, qty: 2 }], note: "It's a gift, don't open it" }).padEnd(1024, ' ')), clientIp: '127.0.0.2' },
];

export const wafAcl: Scenario = {
  name: 'waf-acl',
  async run({ ops }) {
    const acl = tenRuleAcl();
    const n = Math.max(ops * 20, 50_000);
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const ctx = benchContext();
      for (let i = 0; i < 2000; i++) inspect(REQUESTS[i & 1]!, acl, { ...ctx, now: i });
      const before = process.cpuUsage();
      for (let i = 0; i < n; i++) inspect(REQUESTS[i & 1]!, acl, { ...ctx, now: i });
      const used = process.cpuUsage(before);
      runs.push((used.user + used.system) / n);
    }
    runs.sort((a, b) => a - b);
    return [`waf-acl: 10-rule web ACL, inspect() CPU ${runs[1]!.toFixed(2)} µs/request (median of 3 × ${n}; runs ${runs.map((r) => r.toFixed(2)).join(', ')}; target ≤ 10)`];
  },
};

export function fetchDeb(pkg: string, dir: string): string | undefined {
  try {
    execFileSync('apt-get', ['download', pkg], { cwd: dir, stdio: 'ignore' });
    const deb = readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (!deb) return undefined;
    const out = join(dir, pkg);
    execFileSync('dpkg-deb', ['-x', join(dir, deb), out]);
    return out;
  } catch {
    return undefined;
  }
}

/** sqlmap's test payloads (data/xml/payloads/*.xml) with its placeholders filled the way sqlmap fills them. */
export function sqlmapPayloads(root: string): string[] {
  const dir = join(root, 'usr/share/sqlmap/data/xml/payloads');
  const fill = (s: string): string =>
    s.replace(/\[RANDNUM\d?\]/g, '4821').replace(/\[RANDSTR\d?\]/g, 'kXqz').replace(/\[SLEEPTIME\]/g, '5').replace(/\[DELIMITER_START\]/g, '0x7178707671').replace(/\[DELIMITER_STOP\]/g, '0x716a6a7171')
      .replace(/\[INFERENCE\]/g, '4821=4821').replace(/\[QUERY\]/g, 'SELECT 4821').replace(/\[GENERIC_SQL_COMMENT\]/g, '-- -').replace(/\[ORIGVALUE\]/g, '1').replace(/\[CHAR\]/g, 'NULL')
      .replace(/\[COLSTART\]|\[COLSTOP\]|\[AT_REPLACE\]|\[DOLLAR_REPLACE\]|\[HASH_REPLACE\]|\[SPACE_REPLACE\]/g, '').replace(/\[DELAYED\]/g, 'SLEEP(5)')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    if (f === 'union_query.xml') continue;
    const xml = readFileSync(join(dir, f), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    for (const m of xml.matchAll(/<request>[\s\S]*?<payload>([\s\S]*?)<\/payload>(?:[\s\S]*?<comment>([\s\S]*?)<\/comment>)?[\s\S]*?<\/request>/g)) {
      const payload = fill(m[1]!.trim());
      const comment = m[2] ? fill(m[2].trim()) : '';
      // sqlmap's common boundaries: numeric, ' and ') and " contexts, each closed by its comment or left open.
      for (const [pre, post] of [['1 ', ''], ["1' ", ''], ["1') ", ''], ['1" ', ''], ["1' ", '-- -']]) out.push(`${pre}${payload}${comment ? ` ${comment}` : post ? ` ${post}` : ''}`);
    }
  }
  for (let cols = 1; cols <= 5; cols++) for (const pre of ['1 ', "1' ", "-1') "]) out.push(`${pre}UNION ALL SELECT ${Array(cols).fill('NULL').join(',')}-- -`);
  return out;
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '' && !l.startsWith('#'));
}

const DECODE = UH;
const rate = (hit: number, total: number): string => `${hit}/${total} = ${((100 * hit) / Math.max(total, 1)).toFixed(1)} %`;

export const wafCorpus: Scenario = {
  name: 'waf-corpus',
  async run() {
    const benign = lines('test/fixtures/waf/benign.txt');
    const tmp = mkdtempSync(join(tmpdir(), 'kumo-waf-corpus-'));
    const sqlmap = fetchDeb('sqlmap', tmp);
    const wfuzz = fetchDeb('wfuzz', tmp);
    const out: string[] = [];
    const sqli = (s: string, level: 'LOW' | 'HIGH') => detectSqli(transform(s, DECODE), level) !== undefined;
    const xss = (s: string) => detectXss(transform(s, DECODE)) !== undefined;
    if (sqlmap && existsSync(join(sqlmap, 'usr/share/sqlmap'))) {
      const attacks = sqlmapPayloads(sqlmap);
      for (const level of ['LOW', 'HIGH'] as const) out.push(`waf-corpus: SQLi ${level} detection on Debian sqlmap payloads: ${rate(attacks.filter((a) => sqli(a, level)).length, attacks.length)}`);
    } else out.push('waf-corpus: sqlmap package not available (apt-get download sqlmap failed); SQLi detection not measured');
    if (wfuzz) {
      const base = join(wfuzz, 'usr/share/wfuzz/wordlist/Injections');
      const xs = lines(join(base, 'XSS.txt'));
      out.push(`waf-corpus: XSS detection on Debian wfuzz Injections/XSS.txt: ${rate(xs.filter(xss).length, xs.length)}`);
      const sq = lines(join(base, 'SQL.txt'));
      out.push(`waf-corpus: SQLi LOW/HIGH on wfuzz Injections/SQL.txt (all lines, incl. lone keywords, LDAP and punctuation probes): ${rate(sq.filter((a) => sqli(a, 'LOW')).length, sq.length)} / ${rate(sq.filter((a) => sqli(a, 'HIGH')).length, sq.length)}`);
    } else out.push('waf-corpus: wfuzz package not available; XSS detection not measured');
    for (const level of ['LOW', 'HIGH'] as const) out.push(`waf-corpus: SQLi ${level} false positives on the benign set: ${rate(benign.filter((b) => sqli(b, level)).length, benign.length)}`);
    out.push(`waf-corpus: XSS false positives on the benign set: ${rate(benign.filter(xss).length, benign.length)}`);
    return out;
  },
};

export const WAF_SCENARIOS: Scenario[] = [wafAcl, wafCorpus];
