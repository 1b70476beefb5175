// ImportTable's ION input: Amazon Ion (text or binary) values of the form {Item:{...}}, mapped to DynamoDB
// attribute values as the developer guide's "Amazon S3 import formats for DynamoDB" table says.
import * as ion from 'ion-js';
import { validateMap } from './attribute-value.js';
import type { SourceRecord } from './import-formats.js';

type Wire = Record<string, unknown>;

/** Ion's numeric kinds become DynamoDB numbers in their exact decimal text; NaN and infinities have none. */
function numberText(v: ion.dom.Value): string {
  const type = v.getType();
  if (type === ion.IonTypes.INT) return v.bigIntValue()!.toString();
  if (type === ion.IonTypes.DECIMAL) return v.decimalValue()!.toString();
  const n = v.numberValue()!;
  if (!Number.isFinite(n)) throw new Error(`The Ion float ${n} is not a DynamoDB number`);
  return String(n);
}

function blobBase64(v: ion.dom.Value): string {
  return Buffer.from(v.uInt8ArrayValue()!).toString('base64');
}

/**
 * The mapping: string → S, decimal (and int, float) → N, blob → B, bool → BOOL, null → NULL, list → L, struct → M,
 * and a list annotated `$dynamodb_SS`, `$dynamodb_NS` or `$dynamodb_BS` → that set.
 */
function toWire(v: ion.dom.Value): Wire {
  if (v.isNull()) return { NULL: true };
  const type = v.getType();
  const set = v.getAnnotations().find((a) => a.startsWith('$dynamodb_'));
  if (set !== undefined) {
    if (type !== ion.IonTypes.LIST) throw new Error(`The annotation ${set} belongs on a list, not a ${type.name}`);
    const members = [...(v as unknown as Iterable<ion.dom.Value>)];
    if (set === '$dynamodb_SS') return { SS: members.map((m) => m.stringValue()) };
    if (set === '$dynamodb_NS') return { NS: members.map(numberText) };
    if (set === '$dynamodb_BS') return { BS: members.map(blobBase64) };
    throw new Error(`The Ion annotation ${set} names no DynamoDB set type`);
  }
  switch (type) {
    case ion.IonTypes.STRING:
    case ion.IonTypes.SYMBOL:
      return { S: v.stringValue() };
    case ion.IonTypes.INT:
    case ion.IonTypes.DECIMAL:
    case ion.IonTypes.FLOAT:
      return { N: numberText(v) };
    case ion.IonTypes.BLOB:
      return { B: blobBase64(v) };
    case ion.IonTypes.BOOL:
      return { BOOL: v.booleanValue() };
    case ion.IonTypes.LIST:
      return { L: [...(v as unknown as Iterable<ion.dom.Value>)].map(toWire) };
    case ion.IonTypes.STRUCT:
      return { M: structToWire(v) };
    default:
      throw new Error(`The Ion type ${type.name} has no DynamoDB counterpart`);
  }
}

function structToWire(v: ion.dom.Value): Wire {
  const out: Wire = Object.create(null) as Wire;
  for (const [name, field] of v.fields()) out[name] = toWire(field);
  return out;
}

/** Every top-level value is one record: a struct with an Item struct, or the reason it could not become an item. */
export function parseIon(body: Buffer): SourceRecord[] {
  let values: ion.dom.Value[];
  try {
    values = ion.loadAll(body);
  } catch (e) {
    // Ion cannot resynchronise after a syntax error, so the whole object counts as one failed record.
    return [{ error: `The object is not valid Amazon Ion: ${e instanceof Error ? e.message : String(e)}` }];
  }
  return values.map((value): SourceRecord => {
    try {
      const item = value.getType() === ion.IonTypes.STRUCT ? value.get('Item') : null;
      if (!item || item.getType() !== ion.IonTypes.STRUCT) return { error: 'The value is not an Ion struct with an Item struct' };
      return { item: validateMap(structToWire(item)) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  });
}
