// Verdict vs kernel (issue 23): random VPC designs built through the SDK (security groups with IPv4, IPv6 and group
// references across peerings, NACLs with IPv6 entries and partial ephemeral ranges, route tables with peerings, a
// blackhole, NAT, internet and egress-only gateways), every (source, destination, port, family) asked of the verdict
// and tried as a real TCP handshake inside the namespaces; they must agree on every pair. A fixed-seed sample here;
// KUMO_VPC_DIFF_PAIRS=10000 (and KUMO_VPC_DIFF_SEED) runs the full count (`npm run bench -- ec2-vpc-differential`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useVpcWorld } from '../../support/vpc-world.js';
import { runDifferential } from '../../support/vpc-differential.js';

const world = useVpcWorld();
const PAIRS = Number(process.env['KUMO_VPC_DIFF_PAIRS'] ?? 1200);
const SEED = Number(process.env['KUMO_VPC_DIFF_SEED'] ?? 23);

type Q = { from: string; to: string; protocol: string; port: number; sourcePort?: number };
type V = { reachable: boolean; blocking?: { explanationCode: string }; hops?: { detail: string }[] };
interface Reach {
  reach(scope: { account: string; region: string }, q: Q): V;
  reachMany(scope: { account: string; region: string }, qs: readonly Q[]): (V | { error: Error })[];
}

test('the reachability verdict and the kernel agree on every pair of random dual-stack VPC designs', { timeout: Math.max(600_000, PAIRS * 60) }, async (t) => {
  if (world.skip) return t.skip(world.skip);
  const scope = { account: '000000000000', region: 'us-east-1' };
  const internal = world.w as unknown as Reach;
  const started = performance.now();
  const r = await runDifferential({
    client: world.client,
    reach: (q) => internal.reach(scope, q),
    // KUMO_VPC_DIFF_BATCH=0 asks one question at a time (one model each), to compare.
    ...(process.env['KUMO_VPC_DIFF_BATCH'] === '0' ? {} : { reachMany: (qs: readonly Q[]) => internal.reachMany(scope, qs) }),
    execCommand: (target) => world.w.execCommand(target),
    advance: (s) => world.kumo.advance(s),
  }, { seed: SEED, minPairs: PAIRS, log: (line) => t.diagnostic(line) });
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`${r.pairs} pairs in ${r.rounds} rounds, ${r.disagreements.length} disagreements, ${seconds.toFixed(1)} s (build ${(r.ms.build / 1000).toFixed(1)} s, randomise ${(r.ms.randomise / 1000).toFixed(1)} s, verdict ${(r.ms.verdict / 1000).toFixed(1)} s, probe ${(r.ms.probe / 1000).toFixed(1)} s)`);
  t.diagnostic(`covered: ${Object.entries(r.counts).sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
  assert.deepEqual(r.disagreements.slice(0, 40), [], `${r.disagreements.length} disagreements`);
  // The sample asks every kind of pair in both families, and finds some reachable and some not in each family.
  const asked = (prefix: string) => Object.entries(r.counts).filter(([k]) => k.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
  for (const k of ['ipv4 private', 'ipv4 public', 'ipv4 out', 'ipv4 in', 'ipv6 private', 'ipv6 out', 'ipv6 in', 'ipv4 onprem-out', 'ipv4 onprem-in', 'ipv4 secondary']) assert.ok(asked(`${k} `) > 0, `no ${k} pair`);
  for (const f of ['ipv4', 'ipv6']) {
    const yes = Object.entries(r.counts).filter(([k]) => k.startsWith(f) && k.endsWith(' reachable')).reduce((n, [, c]) => n + c, 0);
    assert.ok(yes > 0 && yes < asked(f), `${f}: ${yes} of ${asked(f)} reachable`);
  }
  assert.ok(r.pairs >= PAIRS);
});
