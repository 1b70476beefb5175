// docs/errors.md lists exactly the coded internal errors (KUMO_ERR_*) that the source uses: no undocumented
// code, no documented code that no longer exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/package-root.js';

const CODE = /KUMO_ERR_[A-Z][A-Z_]*[A-Z]/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

test('docs/errors.md documents every KUMO_ERR_ code used in src/ and no other', () => {
  const root = packageRoot();
  const used = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) for (const m of readFileSync(file, 'utf8').matchAll(CODE)) used.add(m[0]);
  const documented = new Set<string>();
  for (const line of readFileSync(join(root, 'docs/errors.md'), 'utf8').split('\n')) {
    const m = /^\| `(KUMO_ERR_[A-Z_]+)`/.exec(line);
    if (m) documented.add(m[1]!);
  }
  assert.deepEqual([...used].sort(), [...documented].sort());
});
