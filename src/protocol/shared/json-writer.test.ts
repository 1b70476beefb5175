// The per-shape JSON writer against the generic path it replaces: random outputs of every JSON service model, and
// the edge cases (RawJson, Maps, Sets, escapes, non-finite numbers, chunk edges), must give the very same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../gateway/model-loader.js';
import type { ServiceModel, ShapeRef } from '../../core/model.js';
import { writeValue } from './json-values.js';
import { writeJsonChunks } from './json-writer.js';
import { RawJson, stringifyWithRaw } from './raw-json.js';
import { CHUNK_BYTES } from './chunk-pool.js';
import { Utf8Writer } from './utf8-writer.js';

/** The generic path: the codec value tree through JSON.stringify, RawJson spliced in. */
function reference(model: ServiceModel, ref: ShapeRef, value: unknown): Buffer {
  return Buffer.from(stringifyWithRaw(writeValue(model, ref, value, 'json')), 'utf8');
}

function written(model: ServiceModel, ref: ShapeRef, value: unknown): Buffer {
  const { chunks, release } = writeJsonChunks(model, ref, value);
  for (const c of chunks) assert.ok(c.length <= CHUNK_BYTES);
  const bytes = Buffer.concat(chunks);
  release();
  return bytes;
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'plain', 'quote " and \\ backslash', 'ctl \u0000\u001f\n\t', 'été', '€ 😀', 'lone \ud800 half', '\u007f', 'x'.repeat(2000), '10', '__proto__'];

function randomNumber(r: () => number): number {
  const pick = Math.floor(r() * 9);
  if (pick === 0) return Math.round(r() * 1e6) / 10 ** Math.floor(r() * 8);
  if (pick === 1) return (r() - 0.5) * 2 ** (r() * 60);
  if (pick === 2) return Math.round((r() - 0.5) * 2 ** 34);
  if (pick === 3) return [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 2 ** 32, -(2 ** 32) - 0.5, 1e21, 1e-7][Math.floor(r() * 9)]!;
  if (pick === 4) return Math.fround(r() * 100);
  if (pick === 5) return Math.round(r() * 1e9) / 1000;
  if (pick === 6) return (Math.floor(r() * 1e7) + 0.5) / 10 ** Math.floor(r() * 6);
  if (pick === 7) return r() * 1e-5;
  return Math.floor(r() * 100);
}

/** A random codec value of `ref`'s shape, with the variants a provider may hand the codec. */
function randomValue(model: ServiceModel, ref: ShapeRef, r: () => number, depth: number): unknown {
  const shape = model.shapes[ref.shape]!;
  if (depth > 0 && r() < 0.03) return RawJson.of(JSON.stringify({ raw: STRINGS[Math.floor(r() * STRINGS.length)] }));
  if (shape.document) return { a: [1, 'x', null, { b: new Date(1_700_000_000_123) }], c: RawJson.of('{"d":1}') };
  const str = (): string => STRINGS[Math.floor(r() * STRINGS.length)]!;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (depth > 5) return out;
      const names = Object.keys(shape.members ?? {}).sort(() => r() - 0.5);
      for (const name of names) {
        if (r() < 0.4) continue;
        out[name] = r() < 0.05 ? (r() < 0.5 ? null : undefined) : randomValue(model, shape.members![name]!, r, depth + 1);
      }
      return out;
    }
    case 'list': {
      if (depth > 5) return [];
      const items = Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.05 ? null : randomValue(model, shape.member!, r, depth + 1)));
      return r() < 0.2 ? new Set(items) : items;
    }
    case 'map': {
      if (depth > 5) return {};
      const keys = Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.3 ? String(Math.floor(r() * 20)) : str()));
      if (r() < 0.3) return new Map(keys.map((k) => [r() < 0.2 ? Number(k) || k : k, randomValue(model, shape.value!, r, depth + 1)]));
      const out: Record<string, unknown> = {};
      for (const k of keys) Object.defineProperty(out, k, { value: r() < 0.05 ? null : randomValue(model, shape.value!, r, depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case 'string':
    case 'character':
      return r() < 0.05 ? 42 : str();
    case 'boolean':
      return [true, false, 'true', 'false'][Math.floor(r() * 4)];
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'biginteger':
      return r() < 0.05 ? 12n : r() < 0.05 ? '7' : Math.round(randomNumber(r));
    case 'float':
    case 'double':
    case 'bigdecimal':
      return r() < 0.05 ? '2.5' : randomNumber(r);
    case 'blob':
      return r() < 0.3 ? 'text blob é' : r() < 0.5 ? new Uint8Array([0, 1, 255]) : Buffer.from(str());
    case 'timestamp':
      return r() < 0.3 ? 1_700_000_000.5 : r() < 0.2 ? '2024-01-02T03:04:05.678Z' : new Date(Math.floor(r() * 2e12));
  }
}

test('every JSON service output writes the same bytes as JSON.stringify of the generic value tree', () => {
  const r = prng(26);
  for (const id of ['cloudwatch', 'dynamodb', 'dynamodb-streams', 'sqs', 'firehose', 'wafv2']) {
    const model = loadModel(id);
    for (const [name, operation] of Object.entries(model.operations)) {
      if (!operation.output) continue;
      for (let i = 0; i < 8; i++) {
        const value = randomValue(model, operation.output, r, 0);
        assert.deepEqual(written(model, operation.output, value), reference(model, operation.output, value), `${id} ${name} #${i}`);
      }
    }
  }
});

const model: ServiceModel = {
  metadata: { apiVersion: '1', endpointPrefix: 'x', protocol: 'json', serviceId: 'X' },
  operations: {},
  shapes: {
    Out: {
      type: 'structure',
      members: {
        Items: { shape: 'Items' },
        Tags: { shape: 'Tags' },
        Names: { shape: 'Names' },
        Iso: { shape: 'Time', timestampFormat: 'iso8601' },
        Http: { shape: 'Time', timestampFormat: 'rfc822' },
        At: { shape: 'Time' },
        Doc: { shape: 'Doc' },
        Big: { shape: 'Str' },
      },
    },
    Items: { type: 'list', member: { shape: 'Item' } },
    Item: { type: 'structure', members: { Name: { shape: 'Str' }, Value: { shape: 'Dbl' }, Count: { shape: 'Int' }, Next: { shape: 'Item' } } },
    Tags: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Item' } },
    Names: { type: 'list', member: { shape: 'Str' } },
    Str: { type: 'string' },
    Int: { type: 'integer' },
    Dbl: { type: 'double' },
    Time: { type: 'timestamp' },
    Doc: { type: 'structure', document: true },
  },
};
const OUT = { shape: 'Out' };

test('RawJson values, Maps with repeated and integer-like keys, Sets, nulls and non-finite numbers write as before', () => {
  const value = {
    Big: 'b',
    Items: [{ Value: Number.NaN, Name: 'n', Next: { Count: 3.7, Value: -0 } }, null, RawJson.of('{"Name":"raw"}'), { Value: Number.NEGATIVE_INFINITY, Count: Number.NaN }],
    Tags: new Map<unknown, unknown>([['b', { Name: 'x' }], [2, { Count: 1 }], ['1', null], ['2', { Count: 9 }], ['__proto__', { Value: 0.1 }]]),
    Names: new Set(['a', 'a', 'c']),
    Iso: new Date(1_700_000_000_000),
    Http: 1_700_000_000.25,
    At: new Date(Number.NaN),
    Doc: { nested: [new Date(0), RawJson.of('[1, 2]')] },
  };
  assert.deepEqual(written(model, OUT, value), reference(model, OUT, value));
  assert.equal(written(model, OUT, RawJson.array(['{"Big":"x"}'])).toString(), '[{"Big":"x"}]');
  assert.equal(written(model, OUT, { Items: 'not a list', Tags: 3 }).toString(), '{"Items":[],"Tags":{}}');
});

test('a RawJson array of texts and UTF-8 bytes (stored GetRecords pages) writes its JSON text, large bytes as they are', () => {
  const page = Buffer.from(Array.from({ length: 400 }, (_, i) => `{"Name":"é${i}"}`).join(','));
  const raw = RawJson.array(['{"Name":"a"}', page, Buffer.from('{"Name":"small"}'), page]);
  const out = writeJsonChunks(model, OUT, { Items: raw });
  assert.ok(out.chunks.includes(page), 'a page past SPLICE_BYTES is sent as the same buffer');
  assert.equal(Buffer.concat(out.chunks).toString('utf8'), `{"Items":${raw.json}}`);
  assert.equal((JSON.parse(raw.json) as unknown[]).length, 802);
  out.release();
});

test('members are written in the value’s own key order, unknown keys and nulls left out', () => {
  assert.equal(written(model, OUT, { Names: ['z'], Unknown: 1, Big: null, Items: [{ Count: 1, Name: 'a' }] }).toString(), '{"Names":["z"],"Items":[{"Count":1,"Name":"a"}]}');
});

test('a body larger than one chunk is split at chunk edges without splitting a character', () => {
  const items = Array.from({ length: 5000 }, (_, i) => ({ Name: i % 7 === 0 ? `é😀${'€'.repeat(i % 13)}"\n` : `item-${i}`, Value: i / 7, Count: i * 1_000_003 }));
  for (const value of [{ Items: items }, { Big: '😀'.repeat(70_000), Names: ['x'.repeat(100_000)] }]) {
    const bytes = written(model, OUT, value);
    assert.ok(bytes.length > 2 * CHUNK_BYTES);
    assert.deepEqual(bytes, reference(model, OUT, value));
  }
});

test('numbers are written as JSON.stringify writes them, fractions and integers digit by digit', () => {
  const r = prng(22);
  const values = [0, -0, 1, -1, 0.1, 0.1 + 0.2, 1e-6, 1e-7, 4294967295, 4294967296, -4294967295, 4294967295.5, 1e21, 5e-324, 1.7976931348623157e308, 1726000000.123];
  for (let i = 0; i < 20_000; i++) values.push(randomNumber(r));
  const out = new Utf8Writer();
  for (const n of values) {
    out.number(n);
    out.byte(0x2c);
  }
  const { chunks, release } = out.finish();
  assert.equal(Buffer.concat(chunks).toString(), values.map((n) => `${JSON.stringify(n)},`).join(''));
  release();
});
