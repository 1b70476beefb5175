// CreateTable's schema rules: key schema, attribute definitions, billing/throughput, up to 5 LSIs and 20 GSIs with
// ALL / KEYS_ONLY / INCLUDE projections, validated with DynamoDB's ValidationException texts into a TableSchema.
// Texts follow AWS's published and captured wording (ack-api-quirks DDB-TABLE-442 message catalogue).
import { validationException } from '../../core/aws-error.js';
import { javaObjectRef } from '../../core/java-value.js';
import type { KeyType } from './key-encoding.js';
import { hashAttributes, rangeAttributes, type KeyAttribute, type KeySchema } from './keys.js';

export interface KeySchemaElementInput { AttributeName?: string | undefined; KeyType?: string | undefined }
export interface AttributeDefinitionInput { AttributeName?: string | undefined; AttributeType?: string | undefined }
export interface ProjectionInput { ProjectionType?: string | undefined; NonKeyAttributes?: string[] | undefined }
export interface ThroughputInput { ReadCapacityUnits?: number | undefined; WriteCapacityUnits?: number | undefined }
export interface IndexInput {
  IndexName?: string | undefined;
  KeySchema?: KeySchemaElementInput[] | undefined;
  Projection?: ProjectionInput | undefined;
  ProvisionedThroughput?: ThroughputInput | undefined;
}
export interface CreateTableParams {
  TableName?: string | undefined;
  KeySchema?: KeySchemaElementInput[] | undefined;
  AttributeDefinitions?: AttributeDefinitionInput[] | undefined;
  LocalSecondaryIndexes?: IndexInput[] | undefined;
  GlobalSecondaryIndexes?: IndexInput[] | undefined;
  BillingMode?: string | undefined;
  ProvisionedThroughput?: ThroughputInput | undefined;
}

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
export interface Throughput { read: number; write: number }

export interface IndexSchema {
  readonly name: string;
  readonly kind: 'LSI' | 'GSI';
  readonly key: KeySchema;
  readonly projection: { readonly type: ProjectionType; readonly nonKey: readonly string[] };
  readonly throughput: Throughput | undefined;
}

export interface TableSchema {
  readonly name: string;
  readonly key: KeySchema;
  readonly attributeDefinitions: readonly { AttributeName: string; AttributeType: KeyType }[];
  readonly indexes: readonly IndexSchema[];
  readonly billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readonly throughput: Throughput | undefined;
}

export const MAX_LSIS = 5;
export const MAX_GSIS = 20;
const MAX_NON_KEY_ATTRIBUTES = 100;
const INVALID = 'One or more parameter values were invalid: ';
const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;

function invalid(message: string): Error {
  return validationException(INVALID + message);
}

export function validateTableName(name: string | undefined, member = 'tableName'): string {
  if (name === undefined) throw validationException(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  if (name.length < 3 || name.length > 255) {
    const bound = name.length < 3 ? 'greater than or equal to 3' : 'less than or equal to 255';
    throw validationException(`1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must have length ${bound}`);
  }
  if (!TABLE_NAME.test(name)) {
    throw validationException(`1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
  }
  return name;
}

/** GSI keys may have up to four HASH and four RANGE attributes (the 2025 multi-attribute keys). */
const MAX_MULTI_KEY_ATTRIBUTES = 4;

function parseKeySchema(elements: KeySchemaElementInput[] | undefined, types: Map<string, KeyType>, what: string, multi = false): KeySchema {
  if (!elements || elements.length === 0) {
    throw validationException(`1 validation error detected: Value null at '${what}' failed to satisfy constraint: Member must not be null`);
  }
  const attr = (e: KeySchemaElementInput): KeyAttribute => ({ name: e.AttributeName ?? '', type: types.get(e.AttributeName ?? '') ?? 'S' });
  if (multi && elements.length > 2) return parseMultiKeySchema(elements, attr);
  if (elements.length > 2) {
    // AWS prints the elements as Java objects: '[com.amazonaws.dynamodb.v20120810.KeySchemaElement@ad28eb1d, …]'
    // (ack-api-quirks dynamodb, DDB-TABLE-042, probed 2026-10-08).
    const value = `[${elements.map((e) => javaObjectRef('com.amazonaws.dynamodb.v20120810', 'KeySchemaElement', e)).join(', ')}]`;
    throw validationException(`1 validation error detected: Value '${value}' at '${what}' failed to satisfy constraint: Member must have length less than or equal to 2`);
  }
  const [first, second] = elements as [KeySchemaElementInput, KeySchemaElementInput | undefined];
  if (first.KeyType !== 'HASH') throw validationException('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (multi && second?.KeyType === 'HASH') return parseMultiKeySchema(elements, attr);
  if (second && second.KeyType !== 'RANGE') throw validationException('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  if (second && second.AttributeName === first.AttributeName) {
    throw validationException('Invalid KeySchema: Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  return { hash: attr(first), range: second ? attr(second) : undefined };
}

/**
 * A GSI's multi-attribute key: HASH elements first, then RANGE elements, at most four of each, no name twice.
 * Wording as probed against AWS on 2026-10-08 (ack-api-quirks dynamodb "table-indexes", DDB-TABLE-123: 5 HASH,
 * 5 RANGE, [HASH, RANGE, HASH], a duplicate attribute); a RANGE first keeps the ordinary first-element message
 * (DDB-TABLE-124).
 */
function parseMultiKeySchema(elements: KeySchemaElementInput[], attr: (e: KeySchemaElementInput) => KeyAttribute): KeySchema {
  if (elements[0]!.KeyType !== 'HASH') throw validationException('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  const firstRange = elements.findIndex((e) => e.KeyType === 'RANGE');
  const hashes = firstRange < 0 ? elements : elements.slice(0, firstRange);
  const ranges = firstRange < 0 ? [] : elements.slice(firstRange);
  if (hashes.some((e) => e.KeyType !== 'HASH') || ranges.some((e) => e.KeyType !== 'RANGE')) {
    throw validationException('All HASH key attributes must precede RANGE key attributes in the KeySchema');
  }
  if (hashes.length > MAX_MULTI_KEY_ATTRIBUTES) throw validationException('The KeySchema exceeds the maximum allowed number of HASH key attributes');
  if (ranges.length > MAX_MULTI_KEY_ATTRIBUTES) throw validationException('The KeySchema exceeds the maximum allowed number of RANGE key attributes');
  const names = elements.map((e) => e.AttributeName ?? '');
  if (new Set(names).size !== names.length) throw validationException('The KeySchema contains multiple key attributes with the same name');
  const hashParts = hashes.map(attr);
  const rangeParts = ranges.map(attr);
  return {
    hash: hashParts[0]!, range: rangeParts[0],
    ...(hashParts.length > 1 ? { hashParts } : {}), ...(rangeParts.length > 1 ? { rangeParts } : {}),
  };
}

function keyNames(k: KeySchema): string[] {
  return [...hashAttributes(k), ...rangeAttributes(k)].map((a) => a.name);
}

function parseThroughput(t: ThroughputInput | undefined): Throughput | undefined {
  if (!t) return undefined;
  return { read: t.ReadCapacityUnits ?? 0, write: t.WriteCapacityUnits ?? 0 };
}

function parseProjection(p: ProjectionInput | undefined): IndexSchema['projection'] {
  const type = p?.ProjectionType;
  const nonKey = p?.NonKeyAttributes;
  if (type !== 'ALL' && type !== 'KEYS_ONLY' && type !== 'INCLUDE') throw invalid(`Unknown ProjectionType: ${type ?? 'null'}`);
  if (type !== 'INCLUDE' && nonKey !== undefined) throw invalid(`ProjectionType is ${type}, but NonKeyAttributes is specified`);
  if (type === 'INCLUDE' && (nonKey === undefined || nonKey.length === 0)) {
    throw invalid('ProjectionType is INCLUDE, but NonKeyAttributes is not specified');
  }
  const seen = new Set<string>();
  for (const n of nonKey ?? []) {
    if (seen.has(n)) throw invalid(`Duplicate element in NonKeyAttributes: ${n}`);
    seen.add(n);
  }
  return { type, nonKey: nonKey ?? [] };
}

/** Validates CreateTable's parameters (everything but existence) and returns the table's schema. */
export function validateCreateTable(p: CreateTableParams): TableSchema {
  const name = validateTableName(p.TableName);
  const types = new Map<string, KeyType>();
  for (const d of p.AttributeDefinitions ?? []) {
    const n = d.AttributeName ?? '';
    if (types.has(n)) throw validationException(`Attribute Name is duplicated: ${n}`);
    types.set(n, (d.AttributeType ?? 'S') as KeyType);
  }
  const key = parseKeySchema(p.KeySchema, types, 'keySchema');
  const used = new Set<string>();
  const requireDefined = (k: KeySchema): void => {
    const missing = keyNames(k).filter((n) => !types.has(n));
    if (missing.length > 0) {
      throw invalid(`Some index key attributes are not defined in AttributeDefinitions. Keys: [${missing.join(', ')}], AttributeDefinitions: [${[...types.keys()].join(', ')}]`);
    }
    for (const n of keyNames(k)) used.add(n);
  };
  // A table without indexes given fewer definitions than key attributes, one of them missing, gets DynamoDB's
  // KeySchema wording (issue 26's AWS-verified corpus: [pk HASH, sk RANGE] defined [pk]); otherwise the listing one.
  const hasIndexes = p.LocalSecondaryIndexes !== undefined || p.GlobalSecondaryIndexes !== undefined;
  if (!hasIndexes && types.size < keyNames(key).length && keyNames(key).some((n) => !types.has(n))) {
    throw validationException('Invalid KeySchema: Some index key attribute have no definition');
  }
  requireDefined(key);

  const billingMode = p.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  const throughput = parseThroughput(p.ProvisionedThroughput);
  if (billingMode === 'PAY_PER_REQUEST' && throughput) {
    // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_dynamodb_pay_per_request
    throw invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
  }
  if (billingMode === 'PROVISIONED' && !throughput) {
    throw invalid('ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  }

  const indexes: IndexSchema[] = [];
  const names = new Set<string>();
  const lsis = p.LocalSecondaryIndexes;
  if (lsis !== undefined) {
    if (lsis.length === 0) throw invalid('List of LocalSecondaryIndexes is empty');
    if (!key.range) throw invalid('Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
    if (lsis.length > MAX_LSIS) throw invalid(`Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LSIS}`);
    for (const lsi of lsis) {
      const indexName = lsi.IndexName ?? '';
      const k = parseKeySchema(lsi.KeySchema, types, 'localSecondaryIndexes.member.keySchema');
      requireDefined(k);
      if (k.hash.name !== key.hash.name) {
        throw invalid(`Index KeySchema does not have the same leading hash key as table KeySchema for index: ${indexName}. index hash key: ${k.hash.name}, table hash key: ${key.hash.name}`);
      }
      if (!k.range) throw invalid(`Index KeySchema does not have a range key for index: ${indexName}`);
      if (lsi.ProvisionedThroughput) throw invalid(`ProvisionedThroughput should not be specified for index: ${indexName}`);
      if (names.has(indexName)) throw invalid(`Duplicate index name: ${indexName}`);
      names.add(indexName);
      indexes.push({ name: indexName, kind: 'LSI', key: k, projection: parseProjection(lsi.Projection), throughput: undefined });
    }
  }
  const gsis = p.GlobalSecondaryIndexes;
  if (gsis !== undefined) {
    if (gsis.length === 0) throw invalid('List of GlobalSecondaryIndexes is empty');
    if (gsis.length > MAX_GSIS) throw invalid(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSIS}`);
    for (const gsi of gsis) indexes.push(validateGlobalIndex(gsi, types, billingMode, names, requireDefined, 'CreateTable'));
  }
  const nonKeyTotal = indexes.reduce((n, i) => n + i.projection.nonKey.length, 0);
  if (nonKeyTotal > MAX_NON_KEY_ATTRIBUTES) {
    throw invalid(`The number of attributes in key schema and non-key attributes of all indexes exceeds the limit of ${MAX_NON_KEY_ATTRIBUTES}`);
  }
  if (used.size !== types.size) {
    if (indexes.length === 0) {
      throw invalid('Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
    }
    throw invalid(`Some AttributeDefinitions are not used. AttributeDefinitions: [${[...types.keys()].join(', ')}], keys used: [${[...used].join(', ')}]`);
  }
  return {
    name,
    key,
    attributeDefinitions: [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    indexes,
    billingMode,
    throughput,
  };
}

/** One GSI (CreateTable or UpdateTable's Create action). */
export function validateGlobalIndex(
  gsi: IndexInput,
  types: Map<string, KeyType>,
  billingMode: TableSchema['billingMode'],
  names: Set<string>,
  requireDefined: (k: KeySchema) => void,
  operation: 'CreateTable' | 'UpdateTable',
): IndexSchema {
  const indexName = gsi.IndexName ?? '';
  const k = parseKeySchema(gsi.KeySchema, types, 'globalSecondaryIndexes.member.keySchema', true);
  requireDefined(k);
  const t = parseThroughput(gsi.ProvisionedThroughput);
  if (billingMode === 'PROVISIONED' && !t) {
    throw invalid(`ProvisionedThroughput ${operation === 'CreateTable' ? 'is not specified' : 'must be specified'} for index: ${indexName}`);
  }
  if (billingMode === 'PAY_PER_REQUEST' && t) {
    throw invalid(`ProvisionedThroughput should not be specified for index: ${indexName} when BillingMode is PAY_PER_REQUEST`);
  }
  if (names.has(indexName)) throw invalid(`Duplicate index name: ${indexName}`);
  names.add(indexName);
  return { name: indexName, kind: 'GSI', key: k, projection: parseProjection(gsi.Projection), throughput: t };
}

/** Attributes an index row carries: table key + index key (+ NonKeyAttributes for INCLUDE), or undefined for ALL. */
export function projectedAttributes(table: TableSchema, index: IndexSchema): Set<string> | undefined {
  if (index.projection.type === 'ALL') return undefined;
  const names = new Set([...keyNames(table.key), ...keyNames(index.key)]);
  for (const n of index.projection.nonKey) names.add(n);
  return names;
}

export function findIndex(table: TableSchema, name: string): IndexSchema | undefined {
  return table.indexes.find((i) => i.name === name);
}
