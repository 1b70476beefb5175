import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel } from '../core/model.js';
import { AwsError } from '../core/aws-error.js';
import { inputPassesChecks, inputProblems, validateInput } from './input-validation.js';
import { loadModel } from './model-loader.js';
import { seededRandom } from '../../test/support/seeded-random.js';

const model: ServiceModel = {
  metadata: { apiVersion: '1', endpointPrefix: 'x', protocol: 'json', serviceId: 'X' },
  operations: {},
  shapes: {
    Input: { type: 'structure', required: ['TableName', 'Key'], members: { TableName: { shape: 'Name' }, Key: { shape: 'Str' }, Mode: { shape: 'Mode' }, Limit: { shape: 'Limit' }, Session: { shape: 'Session' } } },
    Name: { type: 'string', min: 3, max: 255 },
    Str: { type: 'string' },
    Mode: { type: 'string', enum: ['A', 'B'] },
    Limit: { type: 'integer', min: 1 },
    Session: { type: 'string', pattern: '[\\w+=,.@-]*' },
  },
};

function messageOf(fn: () => void): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return { code: e.code, message: e.message };
  }
  assert.fail('expected a validation error');
}

test('missing required members are reported together in AWS order and wording', () => {
  const { code, message } = messageOf(() => validateInput(model, 'Input', {}, 'coral', 'json'));
  assert.equal(code, 'ValidationException');
  assert.equal(
    message,
    "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'key' failed to satisfy constraint: Member must not be null",
  );
});

test('query-protocol services call it ValidationError; enums, lengths, ranges and patterns are checked', () => {
  const base = { TableName: 'abc', Key: 'k' };
  assert.equal(messageOf(() => validateInput(model, 'Input', { ...base, Mode: 'C' }, 'coral', 'query')).message,
    "1 validation error detected: Value 'C' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [A, B]");
  assert.equal(messageOf(() => validateInput(model, 'Input', { ...base, TableName: 'ab' }, 'coral', 'query')).code, 'ValidationError');
  assert.match(messageOf(() => validateInput(model, 'Input', { ...base, Limit: 0 }, 'coral', 'json')).message, /Member must have value greater than or equal to 1/);
  // aws-recordings/sts test_sts: "Value 'Session1:2' at 'roleSessionName' ... regular expression pattern: [\w+=,.@-]*"
  assert.match(messageOf(() => validateInput(model, 'Input', { ...base, Session: 'Session1:2' }, 'coral', 'query')).message,
    /Value 'Session1:2' at 'session' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\*/);
});

test('valid input passes, and missing-parameter style names only the first missing member', () => {
  validateInput(model, 'Input', { TableName: 'abc', Key: 'k', Mode: 'A', Limit: 5 }, 'coral', 'json');
  const { code, message } = messageOf(() => validateInput(model, 'Input', { TableName: 'abc' }, 'missing-parameter', 'ec2'));
  assert.equal(code, 'MissingParameter');
  assert.equal(message, 'The request must contain the parameter Key.');
  const compatible: ServiceModel = { ...model, metadata: { ...model.metadata, awsQueryCompatible: {} } };
  const sqs = messageOf(() => validateInput(compatible, 'Input', { TableName: 'abc' }, 'missing-parameter', 'json'));
  assert.equal(sqs.code, 'MissingRequiredParameterException');
});


/** Random input for a shape, often at or just past its limits, sometimes of the wrong type or null. */
function randomValue(m: ServiceModel, shapeName: string, rnd: () => number, depth: number): unknown {
  const shape = m.shapes[shapeName];
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const around = (limit: number | undefined, fallback: number): number => Math.max(0, limit === undefined ? fallback : limit + pick([-1, 0, 1]));
  if (!shape || rnd() < 0.03) return pick([null, 1, 'x', true, {}, []]);
  switch (shape.type) {
    case 'string': {
      if (shape.enum && rnd() < 0.7) return pick(shape.enum);
      const n = rnd() < 0.5 ? around(pick([shape.min, shape.max]), 3) : Math.floor(rnd() * 12);
      const alphabet = ['a', 'Z', '0', '-', ':', ' ', '\u00e9', '\u{1f600}', '\ud800', '/'];
      return Array.from({ length: Math.min(n, 300) }, () => pick(alphabet)).join('');
    }
    case 'integer': case 'long': case 'float': case 'double': case 'short': case 'byte':
      return around(pick([shape.min, shape.max]), 5) - (rnd() < 0.2 ? 2 : 0);
    case 'blob':
      return Buffer.alloc(Math.min(around(pick([shape.min, shape.max]), 2), 300));
    case 'list': {
      const n = Math.min(around(pick([shape.min, shape.max]), 2), depth > 2 ? 2 : 6);
      return Array.from({ length: n }, () => (rnd() < 0.05 || !shape.member ? null : randomValue(m, shape.member.shape, rnd, depth + 1)));
    }
    case 'map': {
      const n = Math.min(around(pick([shape.min, shape.max]), 2), depth > 2 ? 2 : 4);
      return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, rnd() < 0.05 || !shape.value ? null : randomValue(m, shape.value.shape, rnd, depth + 1)]));
    }
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const required = shape.required?.includes(name) ?? false;
        if (rnd() < (required ? 0.93 : depth > 3 ? 0.05 : 0.5)) out[name] = randomValue(m, ref.shape, rnd, depth + 1);
      }
      return out;
    }
    default:
      return pick([true, new Date(0), 'x']);
  }
}

test('the compiled check agrees with the reporting walk on random input to real models', () => {
  const rnd = seededRandom(22);
  let invalid = 0;
  let total = 0;
  for (const id of ['cloudwatch', 'dynamodb', 'iam', 'sqs', 'ec2', 'elastic-load-balancing-v2', 'auto-scaling']) {
    const m = loadModel(id);
    for (const op of Object.values(m.operations)) {
      const shapeName = op.input?.shape;
      if (!shapeName) continue;
      for (let i = 0; i < 4; i++) {
        const input = randomValue(m, shapeName, rnd, 0);
        if (typeof input !== 'object' || input === null || Array.isArray(input)) continue;
        const problems = inputProblems(m, shapeName, input as Record<string, unknown>);
        assert.equal(inputPassesChecks(m, shapeName, input as Record<string, unknown>), problems.length === 0, `${id} ${op.name}: ${JSON.stringify(input)} → ${problems.join('; ')}`);
        total++;
        if (problems.length > 0) invalid++;
      }
    }
  }
  // Both answers occur often enough for the comparison to mean something.
  assert.ok(invalid > total / 5 && invalid < total - total / 5, `${invalid} of ${total} invalid`);
});

test('string lengths count code points: a surrogate pair is one, a lone surrogate is one', () => {
  const m: ServiceModel = { ...model, shapes: { ...model.shapes, Name: { type: 'string', min: 2, max: 3 } } };
  const base = { Key: 'k' };
  assert.equal(inputPassesChecks(m, 'Input', { ...base, TableName: '\u{1f600}\u{1f600}' }), true);
  assert.equal(inputPassesChecks(m, 'Input', { ...base, TableName: '\u{1f600}' }), false);
  assert.equal(inputPassesChecks(m, 'Input', { ...base, TableName: '\ud800\ud800\ud800' }), true);
  assert.equal(inputPassesChecks(m, 'Input', { ...base, TableName: 'ab\u{1f600}\u{1f600}' }), false);
  assert.equal(inputProblems(m, 'Input', { ...base, TableName: '\u{1f600}' }).length, 1);
});
