// Issue 23's differential at full size: runs the verdict-vs-kernel test file with KUMO_VPC_DIFF_PAIRS (default
// 10,000) and reports its pairs, rounds, disagreements and wall time, split into build, randomise, verdict and probe.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../scenario.js';

const TEST = fileURLToPath(new URL('../../test/services/ec2/vpc-differential.test.js', import.meta.url));

export const vpcDifferential: Scenario = {
  name: 'ec2-vpc-differential',
  run() {
    const pairs = process.env['KUMO_VPC_DIFF_PAIRS'] ?? '10000';
    const seed = process.env['KUMO_VPC_DIFF_SEED'] ?? '23';
    const r = spawnSync(process.execPath, ['--test', TEST], { encoding: 'utf8', env: { ...process.env, KUMO_VPC_DIFF_PAIRS: pairs, KUMO_VPC_DIFF_SEED: seed }, maxBuffer: 64 << 20 });
    const lines = r.stdout.split('\n');
    const summary = lines.find((l) => /^# \d+ pairs in \d+ rounds/.test(l))?.slice(2);
    const covered = lines.find((l) => l.startsWith('# covered:'))?.slice(2);
    const skipped = lines.find((l) => /# SKIP/.test(l));
    if (skipped) return Promise.resolve([`ec2-vpc-differential: skipped (${skipped.trim()})`]);
    const out = [`ec2-vpc-differential (seed ${seed}, asked ≥ ${pairs} pairs): ${summary ?? 'no summary'}; test ${r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`}`];
    if (covered) out.push(`  ${covered}`);
    if (r.status !== 0) {
      const seeds = lines.filter((l) => l.includes("'seed "));
      out.push(...(seeds.length > 0 ? seeds.slice(0, 20) : [...lines.slice(-30), ...r.stderr.split('\n').slice(-10)]).map((l) => `  ${l.trim()}`));
    }
    return Promise.resolve(out);
  },
};
