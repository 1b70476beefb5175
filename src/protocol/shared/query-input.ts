// Reads an operation's input from query/ec2 form parameters by walking the model: each member's key is derived
// from its name and serialization traits the way botocore's QuerySerializer / EC2Serializer write it.
import { AwsError } from '../../core/aws-error.js';
import { shapeOf, type ServiceModel, type Shape, type ShapeRef } from '../../core/model.js';
import type { FormNode, FormParams } from './form.js';
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

function invalid(node: FormNode, value: string, type: string): AwsError {
  return new AwsError('MalformedInput', `Value '${value}' for parameter ${node.key()} is invalid: expected ${type}.`, { status: 400 });
}

export function readQueryStructure(model: ServiceModel, dialect: QueryDialect, shapeName: string, form: FormParams): Record<string, unknown> {
  return readStruct(model, dialect, shapeOf(model, shapeName), form.root);
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

function readStruct(model: ServiceModel, dialect: QueryDialect, shape: Shape, node: FormNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref, segment] of membersOf(dialect, shape)) {
    let sentAs = segment;
    // botocore's EC2Serializer sends members without queryName/locationName verbatim (smithy capitalises): accept both.
    if (dialect === 'ec2' && node.child(segment) === undefined && node.child(name) !== undefined) sentAs = name;
    const value = readMember(model, dialect, ref, node, sentAs);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Reads the value sent under `parent`'s `segment`, or undefined when nothing was sent for it. */
function readMember(model: ServiceModel, dialect: QueryDialect, ref: ShapeRef, parent: FormNode, segment: string): unknown {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'list') return readList(model, dialect, ref, shape, parent, segment);
  const node = parent.child(segment);
  if (node === undefined) return undefined;
  return readPresent(model, dialect, shape, ref, node);
}

/** Reads a value whose node was sent (a structure member, a list item or a map value). */
function readPresent(model: ServiceModel, dialect: QueryDialect, shape: Shape, ref: ShapeRef, node: FormNode): unknown {
  if (shape.type === 'structure') return readStruct(model, dialect, shape, node);
  if (shape.type === 'map') return readMap(model, dialect, ref, shape, node);
  // A list item that is itself a list: read at its own key, so a flattened member name replaces its index segment.
  if (shape.type === 'list') return node.parent === undefined ? undefined : readList(model, dialect, ref, shape, node.parent, node.segment);
  return node.value === undefined ? undefined : readScalar(shape, node.value, node);
}

function readList(model: ServiceModel, dialect: QueryDialect, ref: ShapeRef, shape: Shape, parent: FormNode, segment: string): unknown[] | undefined {
  const node = parent.child(segment);
  const member = shape.member;
  // A flattened query list whose member has a name replaces the key's last segment with it (botocore QuerySerializer).
  if (dialect === 'query' && member?.locationName !== undefined && (ref.flattened === true || shape.flattened === true)) {
    const items = parent.child(member.locationName);
    return items === undefined && node === undefined ? undefined : readListAt(model, dialect, ref, shape, node, items);
  }
  // Nothing sent for the list (most optional members of a structure): one lookup, not a scan of the children.
  return node === undefined ? undefined : readListAt(model, dialect, ref, shape, node, node);
}

/** A list sent at `node` (its own key) whose items are the numbered children of `items`' key or of `node`'s. */
function readListAt(model: ServiceModel, dialect: QueryDialect, ref: ShapeRef, shape: Shape, node: FormNode | undefined, items: FormNode | undefined): unknown[] | undefined {
  const member = shape.member;
  if (!member) return undefined;
  // EC2 lists are always flattened (Foo.1, Foo.2); query lists nest under member (or the member's locationName).
  if (items === node && node !== undefined && dialect === 'query' && ref.flattened !== true && shape.flattened !== true) items = node.child(member.locationName ?? 'member');
  let sent = items?.indexed() ?? [];
  // Be lenient like AWS: a non-flattened list sent flattened (Foo.1) is still read.
  if (sent.length === 0 && items !== node && node !== undefined) sent = node.indexed();
  if (sent.length === 0) return node?.value === '' ? [] : undefined; // `Foo=` is an empty list
  const memberShape = shapeOf(model, member.shape);
  // An index past 15 digits is no list position a client means (`Entry.999…9.Id`): its item reads as null, which
  // the operation's validation refuses, instead of taking it as an item.
  return sent.map((item) => (item.segment.length > 15 ? null : readPresent(model, dialect, memberShape, member, item) ?? null));
}

function readMap(model: ServiceModel, dialect: QueryDialect, ref: ShapeRef, shape: Shape, node: FormNode): Record<string, unknown> | undefined {
  const keyRef = shape.key;
  const valueRef = shape.value;
  if (!keyRef || !valueRef) return undefined;
  const flattened = ref.flattened === true || shape.flattened === true;
  const keyName = memberKeyName(dialect, 'key', keyRef);
  const valueName = memberKeyName(dialect, 'value', valueRef);
  const sent = (flattened ? node : node.child('entry'))?.indexed() ?? [];
  if (sent.length === 0) return node.value === '' ? {} : undefined;
  const entries: [string, unknown][] = [];
  for (const entry of sent) {
    const k = entry.child(keyName)?.value;
    if (k === undefined) continue;
    entries.push([k, readMember(model, dialect, valueRef, entry, valueName) ?? '']);
  }
  return Object.fromEntries(entries);
}

function readScalar(shape: Shape, text: string, key: FormNode): unknown {
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
