// `npm start` calls this first: builds dist/ with tsc when it is missing or older than any source file,
// so a fresh clone runs with just `npm ci && npm start`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const entry = 'dist/src/cli.js';
function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    t = Math.max(t, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return t;
}
if (!existsSync(entry) || newest('src') > statSync(entry).mtimeMs) {
  process.stderr.write('kumo: compiling TypeScript to dist/ (first start or changed sources; ~15 s)…\n');
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The DNS server's batched UDP add-on (optional: without a C compiler the server uses node:dgram).
spawnSync(process.execPath, ['scripts/build-native.mjs'], { stdio: 'inherit' });
