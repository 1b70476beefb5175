// The record layout a format (F) or multi-format (M) send uses, from the node's registered format information:
// FMTID names a format (F) or a multi-format (M) whose entries and default name formats.
import { layoutFormat, type RecordFormat, type WireLayout } from '../../net/transfer/format-records.js';
import { Status, TransferError } from '../../net/transfer/status.js';
import type { DefKind, Definition } from './definitions.js';

type Lookup = (kind: DefKind, id: string) => Definition | undefined;

function format(lookup: Lookup, id: string): RecordFormat {
  const def = lookup('fmt', id);
  if (!def) throw new TransferError(Status.NOT_REGISTERED, 0, `format ID ${id} is not registered`);
  return layoutFormat(def.id, def.list);
}

export function layoutFor(lookup: Lookup, transType: string, fmtId: string): WireLayout | undefined {
  if (transType === 'F') return { kind: 'F', format: format(lookup, fmtId) };
  if (transType !== 'M') return undefined;
  const multi = lookup('mfmt', fmtId);
  if (!multi) throw new TransferError(Status.NOT_REGISTERED, 0, `multi-format ID ${fmtId} is not registered`);
  const choices = multi.list.map((line) => {
    const [key, id] = line.split(',').map((p) => p.trim()) as [string, string];
    return { key, format: format(lookup, id) };
  });
  return { kind: 'M', keyStart: Number(multi.fields.KEYPOS), keyLength: Number(multi.fields.KEYLEN), choices, fallback: format(lookup, multi.fields.DEFAULTFMT!) };
}
