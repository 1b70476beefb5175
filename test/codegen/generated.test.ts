// Checks the vendored models and the codegen output: models load, GENERATED_SERVICES routes correctly,
// `codegen --check` passes on the tree and catches edits, and the generated TypeScript compiles.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServiceModel } from '../../src/core/model.js';
import { GENERATED_SERVICES } from '../../src/generated/services.js';
import { OPERATIONS as SQS_OPERATIONS } from '../../src/generated/sqs/api.js';
import type { S3Api } from '../../src/generated/s3/api.js';
import type { StsApi } from '../../src/generated/sts/api.js';

/** The repo root: the nearest ancestor (of this file, else of the cwd) holding package.json and models/aws. */
function findRoot(): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models', 'aws'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('repo root not found');
}

const ROOT = findRoot();
const RUN = join(ROOT, 'scripts', 'codegen', 'run.mjs');
const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-codegen-'));
  temps.push(dir);
  return dir;
}

function runCodegen(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [RUN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readJson(path: string): ServiceModel {
  return JSON.parse(readFileSync(path, 'utf8')) as ServiceModel;
}

/** Copies models/ and src/generated/ into a fresh temp root for codegen runs that must not touch the tree. */
function tempTree(): string {
  const root = tempDir();
  cpSync(join(ROOT, 'models'), join(root, 'models'), { recursive: true });
  cpSync(join(ROOT, 'src', 'generated'), join(root, 'src', 'generated'), { recursive: true });
  return root;
}

const EXPECTED: Record<string, { signingName: string; protocols: string[]; awsQueryCompatible?: boolean }> = {
  sts: { signingName: 'sts', protocols: ['query'] },
  iam: { signingName: 'iam', protocols: ['query'] },
  s3: { signingName: 's3', protocols: ['rest-xml'] },
  sqs: { signingName: 'sqs', protocols: ['json'], awsQueryCompatible: true },
  dynamodb: { signingName: 'dynamodb', protocols: ['json'] },
  'dynamodb-streams': { signingName: 'dynamodb', protocols: ['json'] },
  firehose: { signingName: 'firehose', protocols: ['json'] },
  ec2: { signingName: 'ec2', protocols: ['ec2'] },
  'route-53': { signingName: 'route53', protocols: ['rest-xml'] },
  'elastic-load-balancing-v2': { signingName: 'elasticloadbalancing', protocols: ['query'] },
  'elastic-load-balancing': { signingName: 'elasticloadbalancing', protocols: ['query'] },
  cloudfront: { signingName: 'cloudfront', protocols: ['rest-xml'] },
  wafv2: { signingName: 'wafv2', protocols: ['json'] },
  cloudwatch: { signingName: 'monitoring', protocols: ['smithy-rpc-v2-cbor', 'json', 'query'], awsQueryCompatible: true },
  'auto-scaling': { signingName: 'autoscaling', protocols: ['query'] },
  mft: { signingName: 'mft', protocols: ['rest-json'] },
};

/** Vendored AWS models live in models/aws/; kumo's own APIs (mft) in models/kumo/. */
function modelPath(modelName: string): string {
  const aws = join(ROOT, 'models', 'aws', `${modelName}.json`);
  return existsSync(aws) ? aws : join(ROOT, 'models', 'kumo', `${modelName}.json`);
}

describe('vendored models', () => {
  it('every vendored model loads, has operations and matches the sha256 in SOURCES.md', () => {
    const sources = readFileSync(join(ROOT, 'models', 'aws', 'SOURCES.md'), 'utf8');
    for (const service of GENERATED_SERVICES) {
      const path = join(ROOT, 'models', 'aws', `${service.modelName}.json`);
      if (!existsSync(path)) {
        assert.ok(existsSync(modelPath(service.modelName)), `${service.modelName} is vendored or kumo's own`);
        continue;
      }
      const model = readJson(path);
      assert.ok(Object.keys(model.operations).length > 0, `${service.modelName} has operations`);
      assert.equal(model.metadata.apiVersion, service.metadata.apiVersion);
      const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
      assert.ok(sources.includes(sha), `SOURCES.md lists the sha256 of ${service.modelName}.json`);
    }
  });
});

describe('GENERATED_SERVICES', () => {
  it('lists the 15 vendored services and kumo\'s own with their signing names and protocols', () => {
    assert.deepEqual(GENERATED_SERVICES.map((s) => s.id).sort(), Object.keys(EXPECTED).sort());
    for (const service of GENERATED_SERVICES) {
      const expected = EXPECTED[service.id];
      assert.ok(expected, service.id);
      assert.equal(service.metadata.signingName, expected.signingName, `${service.id} signing name`);
      assert.deepEqual(service.metadata.protocols, expected.protocols, `${service.id} protocols`);
      assert.equal(service.metadata.protocol, expected.protocols[0]);
      assert.equal(service.metadata.awsQueryCompatible, expected.awsQueryCompatible ?? false, `${service.id} query compat`);
    }
  });

  it('carries the JSON target prefix and version for SQS and the two ELB API versions apart', () => {
    const byId = new Map(GENERATED_SERVICES.map((s) => [s.id, s]));
    assert.equal(byId.get('sqs')?.metadata.targetPrefix, 'AmazonSQS');
    assert.equal(byId.get('sqs')?.metadata.jsonVersion, '1.0');
    assert.equal(byId.get('elastic-load-balancing-v2')?.metadata.apiVersion, '2015-12-01');
    assert.equal(byId.get('elastic-load-balancing')?.metadata.apiVersion, '2012-06-01');
  });
});

describe('runtime IR (model.json)', () => {
  it('has every operation, no documentation keys, and operationCount matches', () => {
    const hasDocKey = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.some(hasDocKey);
      if (value === null || typeof value !== 'object') return false;
      return Object.entries(value).some(([k, v]) => k === 'documentation' || k === 'documentationUrl' || hasDocKey(v));
    };
    for (const service of GENERATED_SERVICES) {
      const ir = readJson(join(ROOT, 'src', 'generated', service.id, 'model.json'));
      const vendored = readJson(modelPath(service.modelName));
      assert.deepEqual(Object.keys(ir.operations), Object.keys(vendored.operations));
      assert.equal(service.operationCount, Object.keys(ir.operations).length);
      assert.equal(hasDocKey(ir), false, `${service.id} model.json has no documentation`);
      for (const op of Object.values(ir.operations)) assert.ok(op.http.method && op.name, `${service.id} ${op.name}`);
    }
  });

  it('applies models/patches: SQS errors carry their query error codes', () => {
    const ir = readJson(join(ROOT, 'src', 'generated', 'sqs', 'model.json'));
    assert.deepEqual(ir.shapes['QueueDoesNotExist']?.error, {
      code: 'AWS.SimpleQueueService.NonExistentQueue', httpStatusCode: 400, senderFault: true,
    });
  });
});

describe('api.ts', () => {
  it('OPERATIONS lists every operation of the model', () => {
    const ir = readJson(join(ROOT, 'src', 'generated', 'sqs', 'model.json'));
    assert.deepEqual([...SQS_OPERATIONS], Object.keys(ir.operations).sort());
  });

  it('types provider methods as lowerCamel operations (checked by the compiler)', async () => {
    const sts: Partial<StsApi> = {
      getCallerIdentity: async (ctx) => ({ Account: ctx.account, Arn: 'arn:aws:iam::000000000000:root', UserId: 'u' }),
    };
    const s3: Partial<S3Api> = { listObjectsV2: async (_ctx, input) => ({ Name: input.Bucket, KeyCount: 0 }) };
    assert.equal(typeof sts.getCallerIdentity, 'function');
    assert.equal(typeof s3.listObjectsV2, 'function');
  });
});

describe('codegen --check', () => {
  it('passes on the committed output', () => {
    const result = runCodegen('--check');
    assert.equal(result.status, 0, result.stderr);
  });

  it('fails listing a hand-edited or extra generated file, and a rerun restores them', () => {
    const root = tempTree();
    appendFileSync(join(root, 'src', 'generated', 'sts', 'api.ts'), '// hand edit\n');
    writeFileSync(join(root, 'src', 'generated', 'stray.ts'), 'export {};\n');
    const check = runCodegen('--check', '--root', root);
    assert.equal(check.status, 1);
    assert.match(check.stderr, /src\/generated\/sts\/api\.ts/);
    assert.match(check.stderr, /src\/generated\/stray\.ts/);
    assert.equal(runCodegen('--root', root).status, 0);
    assert.equal(runCodegen('--check', '--root', root).status, 0);
  });

  it('refuses a patch op without a reason', () => {
    const root = tempTree();
    const op = { op: 'add', path: '/shapes/Credentials/sensitive', value: true };
    writeFileSync(join(root, 'models', 'patches', 'sts.json'), JSON.stringify([op]));
    const result = runCodegen('--check', '--root', root);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /reason/);
  });
});

describe('generated TypeScript', () => {
  it('compiles under the repo tsconfig with src/core', () => {
    const dir = tempDir();
    const tsconfig = {
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true, incremental: false, rootDir: ROOT, typeRoots: [join(ROOT, 'node_modules', '@types')] },
      include: [join(ROOT, 'src', 'core', '**', '*.ts'), join(ROOT, 'src', 'generated', '**', '*.ts')],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});

describe('renderCoverage', () => {
  it('counts implemented operations and marks each one', async () => {
    const url = pathToFileURL(join(ROOT, 'scripts', 'codegen', 'coverage.mjs')).href;
    const mod = (await import(url)) as { renderCoverage: (id: string, all: string[], done: Set<string>) => string };
    const md = mod.renderCoverage('sqs', ['SendMessage', 'CreateQueue'], new Set(['CreateQueue']));
    assert.match(md, /^# sqs coverage/);
    assert.match(md, /1 of 2 operations implemented/);
    assert.match(md, /\| CreateQueue \| ✅ \|/);
    assert.match(md, /\| SendMessage \| — \|/);
  });
});
