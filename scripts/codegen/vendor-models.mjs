// Copies the AWS service models from the installed botocore into models/aws/<name>.json with docs stripped,
// and rewrites models/aws/SOURCES.md; re-run it (`node scripts/codegen/vendor-models.mjs`) when botocore updates.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SERVICES } from './services.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STRIPPED_KEYS = new Set(['documentation', 'documentationUrl', 'examples']);
/** Object keys under these parents are names chosen by AWS (shapes, members), never doc keys: keep them all. */
const NAME_MAPS = new Set(['shapes', 'operations', 'members']);

/** Removes documentation keys everywhere except where a key is a shape, operation or member name. */
export function stripDocs(value, parentKey = '') {
  if (Array.isArray(value)) return value.map((v) => stripDocs(v));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  const isNameMap = NAME_MAPS.has(parentKey);
  for (const [key, child] of Object.entries(value)) {
    if (!isNameMap && STRIPPED_KEYS.has(key)) continue;
    out[key] = stripDocs(child, isNameMap ? '' : key);
  }
  return out;
}

function botocoreInfo() {
  const script = 'import botocore,os,json;print(json.dumps([botocore.__version__, os.path.dirname(botocore.__file__)]))';
  const [version, dir] = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8' }));
  return { version, dataDir: join(dir, 'data') };
}

/** The newest API version folder that has a service-2 model (folders are ISO dates, so they sort as strings). */
function latestVersion(serviceDir) {
  const versions = readdirSync(serviceDir)
    .filter((v) => existsSync(join(serviceDir, v, 'service-2.json.gz')) || existsSync(join(serviceDir, v, 'service-2.json')))
    .sort();
  const latest = versions.at(-1);
  if (!latest) throw new Error(`no service-2 model under ${serviceDir}`);
  return latest;
}

function readModel(dir) {
  const gz = join(dir, 'service-2.json.gz');
  const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : readFileSync(join(dir, 'service-2.json'), 'utf8');
  return JSON.parse(text);
}

function main() {
  const { version, dataDir } = botocoreInfo();
  const outDir = join(ROOT, 'models', 'aws');
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  for (const { id, modelName, kumo } of SERVICES) {
    if (kumo) continue; // kumo's own models live in models/kumo/, not in botocore
    const serviceDir = join(dataDir, modelName);
    const apiVersion = latestVersion(serviceDir);
    const text = JSON.stringify(stripDocs(readModel(join(serviceDir, apiVersion))), null, 1) + '\n';
    writeFileSync(join(outDir, `${modelName}.json`), text);
    const sha = createHash('sha256').update(text).digest('hex');
    rows.push(`| ${modelName}.json | ${id} | ${version} | ${apiVersion} | \`${sha}\` | docs stripped, no other edits |`);
    console.log(`vendored ${modelName} ${apiVersion} (${text.length} bytes)`);
  }
  const sources = [
    '# Vendored AWS service models',
    '',
    `Copied from the botocore Python package (version ${version}), \`botocore/data/<name>/<api-version>/service-2.json.gz\`,`,
    'by `node scripts/codegen/vendor-models.mjs`. The `documentation`, `documentationUrl` and `examples` keys are',
    'removed; every other key and value is kept as is (re-indented with one space). Local deviations live',
    'in `models/patches/<name>.json`, never in these files.',
    '',
    '| file | kumo id | botocore | API version | sha256 of vendored file | edits |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'SOURCES.md'), sources);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
