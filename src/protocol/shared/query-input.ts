// Reads an operation's input from query/ec2 form parameters by walking the model: each member's key is derived
// from its name and serialization traits the way botocore's QuerySerializer / EC2Serializer write it.
import { AwsError } from '../../core/aws-error.js';
import { shapeOf, type ServiceModel, type Shape, type ShapeRef } from '../../core/model.js';
import type { FormParams } from './form.js';
import { parseTimestamp } from './timestamps.js';

export type QueryDialect = 'query' | 'ec2';

/**
 * The key segment a member is sent under. query: locationName, else the member name. ec2 (Smithy's ec2Query):
 * queryName, else locationName capitalised, else the member name capitalised.
 */
export function memberKeyName(dialect: QueryDialect, name: string, ref: ShapeRef): string {
  if (dialect === 'ec2') return ref.queryName ?? capitalize(ref.locationName ?? name);
  return ref.locationName ?? name;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function join(prefix: string, segment: string): string {
  return prefix === '' ? segment : `${prefix}.${segment}`;
}

function invalid(key: string, value: string, type: string): AwsError {
  return new AwsError('MalformedInput', `Value '${value}' for parameter ${key} is invalid: expected ${type}.`, { status: 400 });
}

export function readQueryStructure(model: ServiceModel, dialect: QueryDialect, shapeName: string, form: FormParams, prefix: string): Record<string, unknown> {
  return readStruct(model, dialect, shapeOf(model, shapeName), form, prefix);
}

/** A structure's members with the key segment each is sent under, per dialect: listed once per shape. */
const memberLists: Record<QueryDialect, WeakMap<Shape, ReadonlyArray<readonly [name: string, ref: ShapeRef, segment: string]>>> = { query: new WeakMap(), ec2: new WeakMap() };

function membersOf(dialect: QueryDialect, shape: Shape): ReadonlyArray<readonly [string, ShapeRef, string]> {
  let list = memberLists[dialect].get(shape);
  if (list === undefined) {
    list = Object.entries(shape.members ?? {}).map(([name, ref]) => [name, ref, memberKeyName(dialect, name, ref)] as const);
    memberLists[dialect].set(shape, list);
  }
  return list;
}

function readStruct(model: ServiceModel, dialect: QueryDialect, shape: Shape, form: FormParams, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref, segment] of membersOf(dialect, shape)) {
    let key = join(prefix, segment);
    // botocore's EC2Serializer sends members without queryName/locationName verbatim (smithy capitalises): accept both.
    if (dialect === 'ec2' && !form.has(key) && form.has(join(prefix, name))) key = join(prefix, name);
    const value = readMember(model, dialect, ref, form, key);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Reads the value at `key`, or undefined when nothing was sent for it. */
function readMember(model: ServiceModel, dialect: QueryDialect, ref: ShapeRef, form: FormParams, key: string): unknown {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'structure') return form.has(key) ? readStruct(model, dialect, shape, form, key) : undefined;
  if (shape.type === 'list') return readList(model, dialect, ref, shape, form, key);
  if (shape.type === 'map') return readMap(model, dialect, ref, shape, form, key);
  const text = form.value(key);
  return text === undefined ? undefined : readScalar(shape, text, key);
}

function readList(model: ServiceModel, dialect: QueryDialect, ref: ShapeRef, shape: Shape, form: FormParams, key: string): unknown[] | undefined {
  const member = shape.member;
  if (!member) return undefined;
  let itemsPrefix: string;
  if (dialect === 'ec2') {
    itemsPrefix = key; // EC2 lists are always flattened: Foo.1, Foo.2
  } else if (ref.flattened === true || shape.flattened === true) {
    // A flattened list whose member has a name replaces the last key segment with it (botocore QuerySerializer).
    const dot = key.lastIndexOf('.');
    itemsPrefix = member.locationName !== undefined ? join(dot < 0 ? '' : key.slice(0, dot), member.locationName) : key;
  } else {
    itemsPrefix = join(key, member.locationName ?? 'member');
  }
  // Nothing sent for the list (most optional members of a structure): two lookups, not a scan of the children.
  if (!form.has(itemsPrefix) && !form.has(key)) return undefined;
  let indices = form.indices(itemsPrefix);
  // Be lenient like AWS: a non-flattened list sent flattened (Foo.1) is still read.
  if (indices.length === 0 && itemsPrefix !== key && form.indices(key).length > 0) {
    itemsPrefix = key;
    indices = form.indices(key);
  }
  if (indices.length === 0) return form.value(key) === '' ? [] : undefined; // `Foo=` is an empty list
  return indices.map((i) => readMember(model, dialect, member, form, `${itemsPrefix}.${i}`) ?? null);
}

function readMap(model: ServiceModel, dialect: QueryDialect, ref: ShapeRef, shape: Shape, form: FormParams, key: string): Record<string, unknown> | undefined {
  const keyRef = shape.key;
  const valueRef = shape.value;
  if (!keyRef || !valueRef) return undefined;
  const flattened = ref.flattened === true || shape.flattened === true;
  const entriesPrefix = flattened ? key : join(key, 'entry');
  const keyName = memberKeyName(dialect, 'key', keyRef);
  const valueName = memberKeyName(dialect, 'value', valueRef);
  const indices = form.indices(entriesPrefix);
  if (indices.length === 0) return form.value(key) === '' ? {} : undefined;
  const entries: [string, unknown][] = [];
  for (const i of indices) {
    const k = form.value(`${entriesPrefix}.${i}.${keyName}`);
    if (k === undefined) continue;
    entries.push([k, readMember(model, dialect, valueRef, form, `${entriesPrefix}.${i}.${valueName}`) ?? '']);
  }
  return Object.fromEntries(entries);
}

function readScalar(shape: Shape, text: string, key: string): unknown {
  switch (shape.type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalid(key, text, 'a boolean');
      return lower === 'true';
    }
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'biginteger':
      if (!/^\s*[-+]?\d+\s*$/.test(text)) throw invalid(key, text, 'an integer');
      return Number(text);
    case 'float':
    case 'double':
    case 'bigdecimal': {
      const trimmed = text.trim();
      if (trimmed === 'NaN') return Number.NaN;
      if (trimmed === 'Infinity') return Number.POSITIVE_INFINITY;
      if (trimmed === '-Infinity') return Number.NEGATIVE_INFINITY;
      const n = Number(trimmed);
      if (trimmed === '' || Number.isNaN(n)) throw invalid(key, text, 'a number');
      return n;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    case 'timestamp': {
      const date = parseTimestamp(text);
      if (!date) throw invalid(key, text, 'a timestamp');
      return date;
    }
    case 'string':
    case 'character':
    case 'structure':
    case 'list':
    case 'map':
      return text;
  }
}
