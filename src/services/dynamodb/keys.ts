// Key attribute rules: items must carry their table's key attributes with the declared types, non-empty, within
// DynamoDB's key size limits; Key parameters must match the schema exactly. Messages are DynamoDB's.
import { validationException } from '../../core/aws-error.js';
import { typeOf, utf8Length, type AttributeMap, type AttributeValue, emptyMap } from './attribute-value.js';
import { encodeKeyValue, type KeyType } from './key-encoding.js';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

/**
 * A primary key or index key: partition (HASH) and optional sort (RANGE) attribute. A GSI may have multi-attribute
 * keys (up to four HASH and four RANGE attributes, DynamoDB developer guide "Multi-attribute keys pattern"): then
 * `hashParts`/`rangeParts` list them all in KeySchema order and `hash`/`range` are the first of each.
 */
export interface KeySchema {
  readonly hash: KeyAttribute;
  readonly range: KeyAttribute | undefined;
  readonly hashParts?: readonly KeyAttribute[] | undefined;
  readonly rangeParts?: readonly KeyAttribute[] | undefined;
}

export function hashAttributes(k: KeySchema): readonly KeyAttribute[] {
  return k.hashParts ?? [k.hash];
}

export function rangeAttributes(k: KeySchema): readonly KeyAttribute[] {
  return k.rangeParts ?? (k.range ? [k.range] : []);
}

export function isMultiAttribute(k: KeySchema): boolean {
  return k.hashParts !== undefined || k.rangeParts !== undefined;
}

/**
 * One component of a multi-attribute key, prefix-free and order-preserving: 0x00 bytes escaped as 0x00 0xFF, then
 * the terminator 0x00 0x01, so concatenated components compare as tuples (left to right) by memcmp.
 */
export function encodeComponent(bytes: Uint8Array, terminate = true): Buffer {
  const parts: number[] = [];
  for (const b of bytes) {
    parts.push(b);
    if (b === 0) parts.push(0xff);
  }
  if (terminate) parts.push(0x00, 0x01);
  return Buffer.from(parts);
}

/** The encoded multi-attribute key of the given values (all present, in schema order). */
export function encodeComposite(values: readonly AttributeValue[]): Buffer {
  return Buffer.concat(values.map((v) => encodeComponent(encodeKeyValue(v))));
}

export interface EncodedKey {
  readonly pk: Buffer;
  /** Empty for tables without a sort key. */
  readonly sk: Buffer;
}

const MAX_HASH_KEY_BYTES = 2048;
const MAX_RANGE_KEY_BYTES = 1024;
const EMPTY_BUFFER = Buffer.alloc(0);

function keyValueSize(v: AttributeValue): number {
  if ('S' in v) return utf8Length(v.S);
  if ('B' in v) return v.B.length;
  return 0;
}

function isEmptyKeyValue(v: AttributeValue): 'string' | 'binary' | undefined {
  if ('S' in v && v.S === '') return 'string';
  if ('B' in v && v.B.length === 0) return 'binary';
  return undefined;
}

function checkKeyValue(attr: KeyAttribute, v: AttributeValue, isHash: boolean): void {
  const empty = isEmptyKeyValue(v);
  if (empty) {
    throw validationException(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${empty} value. Key: ${attr.name}`,
    );
  }
  const size = keyValueSize(v);
  if (isHash && size > MAX_HASH_KEY_BYTES) {
    throw validationException(
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
  }
  if (!isHash && size > MAX_RANGE_KEY_BYTES) {
    throw validationException(
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
  }
}

/** PutItem's checks: the item holds every key attribute with the right type. Returns the encoded key. */
export function keyOfItem(schema: KeySchema, item: AttributeMap): EncodedKey {
  const attrs = schema.range ? [schema.hash, schema.range] : [schema.hash];
  for (const attr of attrs) {
    const v = item[attr.name];
    if (v === undefined) {
      throw validationException(`One or more parameter values were invalid: Missing the key ${attr.name} in the item`);
    }
    const actual = typeOf(v);
    if (actual !== attr.type) {
      throw validationException(
        `One or more parameter values were invalid: Type mismatch for key ${attr.name} expected: ${attr.type} actual: ${actual}`,
      );
    }
    checkKeyValue(attr, v, attr === schema.hash);
  }
  return encodeItemKey(schema, item);
}

/** Encodes the key of an item already known to be valid. */
export function encodeItemKey(schema: KeySchema, item: AttributeMap): EncodedKey {
  if (isMultiAttribute(schema)) {
    const pkm = schema.hashParts ? encodeComposite(schema.hashParts.map((a) => item[a.name]!)) : encodeKeyValue(item[schema.hash.name]!);
    const parts = rangeAttributes(schema);
    const skm = schema.rangeParts ? encodeComposite(parts.map((a) => item[a.name]!)) : parts[0] ? encodeKeyValue(item[parts[0].name]!) : EMPTY_BUFFER;
    return { pk: pkm, sk: skm };
  }
  const pk = encodeKeyValue(item[schema.hash.name]!);
  const sk = schema.range ? encodeKeyValue(item[schema.range.name]!) : EMPTY_BUFFER;
  return { pk, sk };
}

/** A Key parameter (GetItem, DeleteItem, UpdateItem, BatchGet…): exactly the schema's attributes and types. */
export function keyOfKeyParam(schema: KeySchema, key: AttributeMap): EncodedKey {
  const names = Object.keys(key);
  const expected = schema.range ? 2 : 1;
  const mismatch = (): Error => validationException('The provided key element does not match the schema');
  if (names.length !== expected) throw mismatch();
  const attrs = schema.range ? [schema.hash, schema.range] : [schema.hash];
  for (const attr of attrs) {
    const v = key[attr.name];
    if (v === undefined || typeOf(v) !== attr.type) throw mismatch();
    checkKeyValue(attr, v, attr === schema.hash);
  }
  return encodeItemKey(schema, key);
}

/** Projects an item onto its primary key attributes. */
export function keyAttributes(schema: KeySchema, item: AttributeMap): AttributeMap {
  const out: AttributeMap = emptyMap();
  if (isMultiAttribute(schema)) {
    for (const a of [...hashAttributes(schema), ...rangeAttributes(schema)]) {
      const v = item[a.name];
      if (v) out[a.name] = v;
    }
    return out;
  }
  const h = item[schema.hash.name];
  if (h) out[schema.hash.name] = h;
  if (schema.range) {
    const r = item[schema.range.name];
    if (r) out[schema.range.name] = r;
  }
  return out;
}

/**
 * For a secondary index: the encoded index key when the item has every index key attribute (sparse indexes skip
 * the rest); throws DynamoDB's errors when an index key attribute has the wrong type or an empty value.
 */
export function indexKeyOfItem(indexName: string, schema: KeySchema, item: AttributeMap): EncodedKey | undefined {
  const hashes = hashAttributes(schema);
  const attrs = [...hashes, ...rangeAttributes(schema)];
  let missing = false;
  for (const attr of attrs) {
    const v = item[attr.name];
    if (v === undefined) {
      missing = true;
      continue;
    }
    const actual = typeOf(v);
    if (actual !== attr.type) {
      throw validationException(
        `One or more parameter values were invalid: Type mismatch for Index Key ${attr.name} Expected: ${attr.type} Actual: ${actual} IndexName: ${indexName}`,
      );
    }
    const empty = isEmptyKeyValue(v);
    if (empty) {
      throw validationException(
        `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${empty} value. IndexName: ${indexName}, IndexKey: ${attr.name}`,
      );
    }
    // Index keys have the table's key limits, reported in their own words (seen from DynamoDB in user reports:
    // "Size limit exceeded for Index Key componentId Actual Size: 2175 bytes Max Size: 2048 bytes IndexName: …").
    const size = keyValueSize(v);
    const max = hashes.includes(attr) ? MAX_HASH_KEY_BYTES : MAX_RANGE_KEY_BYTES;
    if (size > max) {
      throw validationException(
        `One or more parameter values were invalid: Size limit exceeded for Index Key ${attr.name} Actual Size: ${size} bytes Max Size: ${max} bytes IndexName: ${indexName}`,
      );
    }
  }
  if (missing) return undefined;
  return encodeItemKey(schema, item);
}
