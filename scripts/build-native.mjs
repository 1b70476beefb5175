// Compiles kumo's one native add-on, native/udp-batch (batched UDP for the DNS server), into dist/native/ with the
// system C compiler and the headers Node installs beside itself. Optional: without a compiler, Linux or the headers
// it says so and kumo's DNS server uses node:dgram (same answers, more CPU per answer; docs/route53-dns.md).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'udp-batch', 'udp_batch.c');
const target = join(root, 'dist', 'native', 'udp_batch.node');
const force = process.argv.includes('--force');

function skip(why) {
  process.stderr.write(`kumo: native/udp-batch not built (${why}); the DNS server will use node:dgram\n`);
  process.exit(0);
}

if (process.platform !== 'linux') skip('not Linux');
if (!force && existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) process.exit(0);
// Node's own headers: <prefix>/include/node beside <prefix>/bin/node (official tarballs and Debian/NodeSource packages).
const prefix = dirname(dirname(process.execPath));
const include = [join(prefix, 'include', 'node'), '/usr/include/node', '/usr/local/include/node'].find((d) => existsSync(join(d, 'node_api.h')) && existsSync(join(d, 'uv.h')));
if (!include) skip(`node_api.h not found under ${join(prefix, 'include', 'node')}`);
const cc = process.env['CC'] ?? 'cc';
mkdirSync(dirname(target), { recursive: true });
const r = spawnSync(cc, ['-O2', '-Wall', '-shared', '-fPIC', '-o', target, source, `-I${include}`], { stdio: 'inherit' });
if (r.error) skip(`${cc}: ${r.error.message}`);
if (r.status !== 0) skip(`${cc} exited with ${r.status}`);
