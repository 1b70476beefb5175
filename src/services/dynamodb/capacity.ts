// ConsumedCapacity by DynamoDB's rules: writes 1 WCU per started KB, reads 1 RCU per started 4 KB (half for eventually
// consistent reads), transactions twice that, plus index writes; shaped as TOTAL or INDEXES detail when asked.
import type { ConsumedCapacity } from '../../generated/dynamodb/api.js';
import { itemSize, utf8Length, valueSize, valuesEqual, type AttributeMap } from './attribute-value.js';
import type { TableRuntime } from './item-store.js';

const WRITE_UNIT = 1024;
const READ_UNIT = 4096;

export function writeUnits(bytes: number, transactional = false): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT)) * (transactional ? 2 : 1);
}

/** Read units for `bytes` read in one operation (Query/Scan sum the whole page before rounding). */
export function readUnits(bytes: number, consistent: boolean, transactional = false): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT));
  if (transactional) return units * 2;
  return consistent ? units : units / 2;
}

export type CapacityMode = 'TOTAL' | 'INDEXES' | 'NONE' | undefined;

export interface IndexUnits {
  readonly name: string;
  readonly global: boolean;
  readonly units: number;
}

/** Builds the ConsumedCapacity member, or undefined when the request did not ask (NONE or absent). */
export function consumed(
  mode: CapacityMode,
  tableName: string,
  units: number,
  kind: 'read' | 'write',
  indexes: readonly IndexUnits[] = [],
): ConsumedCapacity | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  const total = units + indexes.reduce((n, i) => n + i.units, 0);
  const split = kind === 'read' ? { ReadCapacityUnits: total } : { WriteCapacityUnits: total };
  const c: ConsumedCapacity = { TableName: tableName, CapacityUnits: total, ...split };
  if (mode === 'INDEXES') {
    c.Table = { CapacityUnits: units, ...(kind === 'read' ? { ReadCapacityUnits: units } : { WriteCapacityUnits: units }) };
    for (const i of indexes) {
      const entry = { CapacityUnits: i.units, ...(kind === 'read' ? { ReadCapacityUnits: i.units } : { WriteCapacityUnits: i.units }) };
      if (i.global) c.GlobalSecondaryIndexes = { ...c.GlobalSecondaryIndexes, [i.name]: entry };
      else c.LocalSecondaryIndexes = { ...c.LocalSecondaryIndexes, [i.name]: entry };
    }
  }
  return c;
}

/** ConsumedCapacity per table for multi-table operations (batches, transactions); undefined when none was asked for. */
export function consumedPerTable(mode: CapacityMode, units: ReadonlyMap<string, number>, kind: 'read' | 'write'): ConsumedCapacity[] | undefined {
  const capacity: ConsumedCapacity[] = [];
  for (const [name, u] of units) {
    const cc = consumed(mode, name, u, kind);
    if (cc) capacity.push(cc);
  }
  return capacity.length > 0 ? capacity : undefined;
}

function projectedSize(item: AttributeMap, names: ReadonlySet<string> | undefined): number {
  if (!names) return itemSize(item);
  let n = 0;
  for (const k of names) {
    const v = item[k];
    if (v !== undefined) n += utf8Length(k) + valueSize(v);
  }
  return n;
}

/**
 * Index writes a table write causes, by DynamoDB's rules: an item entering or leaving an index is one index write,
 * an index key change is two (delete + put), a change to projected attributes is one, anything else none.
 */
export function indexWriteUnits(t: TableRuntime, old: AttributeMap | undefined, next: AttributeMap | undefined, transactional = false): IndexUnits[] {
  const out: IndexUnits[] = [];
  for (const ix of t.indexes) {
    const inOld = old !== undefined && ix.schema.key.hash.name in old && (!ix.schema.key.range || ix.schema.key.range.name in old);
    const inNew = next !== undefined && ix.schema.key.hash.name in next && (!ix.schema.key.range || ix.schema.key.range.name in next);
    const oldSize = inOld ? projectedSize(old, ix.projected) : 0;
    const newSize = inNew ? projectedSize(next, ix.projected) : 0;
    let units = 0;
    if (inOld && inNew) {
      const keyChanged = [ix.schema.key.hash.name, ix.schema.key.range?.name].some(
        (k) => k !== undefined && !valuesEqual(old[k]!, next[k]!),
      );
      if (keyChanged) units = writeUnits(oldSize, transactional) + writeUnits(newSize, transactional);
      else if (!sameProjection(old, next, ix.projected)) units = writeUnits(Math.max(oldSize, newSize), transactional);
    } else if (inOld) units = writeUnits(oldSize, transactional);
    else if (inNew) units = writeUnits(newSize, transactional);
    if (units > 0) out.push({ name: ix.schema.name, global: ix.schema.kind === 'GSI', units });
  }
  return out;
}

function sameProjection(a: AttributeMap, b: AttributeMap, names: ReadonlySet<string> | undefined): boolean {
  const keys = names ? [...names] : [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.every((k) => (a[k] === undefined ? b[k] === undefined : b[k] !== undefined && valuesEqual(a[k], b[k])));
}
