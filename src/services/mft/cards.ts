// The parameter-card format of utliupdt/utligen (research §3.9): `TAG=value` lines, `#` comments, `END` per record,
// `XXX DEF` … `DEFEND` list sections. parse() and format() round-trip.
import { DefinitionError, ID_TAG, LIST_TAG, type DefKind, type Definition } from './definitions.js';

const KIND_BY_ID_TAG: Record<string, DefKind> = Object.fromEntries(Object.entries(ID_TAG).map(([k, v]) => [v, k as DefKind]));

/** Parses a card file into unvalidated definitions; a malformed line throws DefinitionError naming its line number. */
export function parseCards(text: string): Definition[] {
  const out: Definition[] = [];
  let cur: Definition | undefined;
  let inList: string | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const where = `line ${i + 1}`;
    if (line === '' || line.startsWith('#')) return;
    if (inList !== undefined) {
      if (line.toUpperCase() === 'DEFEND') inList = undefined;
      else cur!.list.push(line);
      return;
    }
    if (line.toUpperCase() === 'END') {
      if (!cur) throw new DefinitionError(`${where}: END without a record`);
      out.push(cur);
      cur = undefined;
      return;
    }
    const def = /^([A-Za-z]+)\s+DEF$/i.exec(line);
    if (def) {
      if (!cur) throw new DefinitionError(`${where}: ${line} outside a record`);
      const want = LIST_TAG[cur.kind];
      if (!want || want !== def[1]!.toUpperCase()) throw new DefinitionError(`${where}: ${def[1]} DEF is not a section of ${cur.kind} information`);
      inList = want;
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new DefinitionError(`${where}: expected TAG=value`);
    const tag = line.slice(0, eq).toUpperCase();
    const value = line.slice(eq + 1);
    if (!cur) {
      const kind = KIND_BY_ID_TAG[tag];
      if (!kind) throw new DefinitionError(`${where}: a record must start with one of ${Object.values(ID_TAG).join(', ')}`);
      cur = { kind, id: value, fields: {}, list: [] };
      return;
    }
    cur.fields[tag] = value;
  });
  if (cur || inList !== undefined) throw new DefinitionError('the last record has no END');
  return out;
}

export function formatCards(defs: readonly Definition[]): string {
  const parts: string[] = [];
  for (const d of defs) {
    const lines = [`${ID_TAG[d.kind]}=${d.id}`];
    for (const [k, v] of Object.entries(d.fields)) lines.push(`${k}=${v}`);
    const list = LIST_TAG[d.kind];
    if (list) lines.push(`${list} DEF`, ...d.list, 'DEFEND');
    lines.push('END');
    parts.push(lines.join('\n'));
  }
  return parts.join('\n') + (parts.length ? '\n' : '');
}
