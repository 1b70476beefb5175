// Loads an AWS service model in botocore's service-2 format for tests: the vendored models/aws/<name>.json, or
// test/fixtures/models/<name>.json for models only tests use (sso, sso-oidc: rest-json clients the SDK ships).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceModel } from '../../src/core/model.js';

/** `name` is botocore's service folder name: s3, route53, cloudfront, sso, sso-oidc, ... */
export function loadBotocoreModel(name: string): ServiceModel {
  for (const folder of [join('models', 'aws'), join('test', 'fixtures', 'models')]) {
    const path = join(repoRoot(), folder, `${name}.json`);
    if (existsSync(path)) return withOperationNames(JSON.parse(readFileSync(path, 'utf8')) as ServiceModel);
  }
  throw new Error(`no vendored model for ${name} in models/aws or test/fixtures/models`);
}

/** botocore always sets `name` on operations; a stripped vendored copy might not, and codecs read it. */
function withOperationNames(model: ServiceModel): ServiceModel {
  for (const [name, op] of Object.entries(model.operations)) op.name ??= name;
  return model;
}

function repoRoot(): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'package.json'))) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return process.cwd();
}
