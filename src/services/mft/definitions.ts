// Management information (send, receive, host, transfer group, job, format, multi-format) with HULFT's parameter-card tag names, defaults
// and limits (research §3); validate() is the one gate for the API, the CLI and utliupdt card import.
import { layoutFormat } from '../../net/transfer/format-records.js';

export type DefKind = 'snd' | 'rcv' | 'hst' | 'tgrp' | 'job' | 'fmt' | 'mfmt';
export const DEF_KINDS: readonly DefKind[] = ['snd', 'rcv', 'hst', 'tgrp', 'job', 'fmt', 'mfmt'];

/** A definition: scalar tags plus, for groups and jobs, the DEF…DEFEND list. */
export interface Definition {
  kind: DefKind;
  id: string;
  fields: Record<string, string>;
  list: string[];
}

export class DefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionError';
  }
}

type Rule = { default?: string; max?: number; values?: readonly string[]; range?: [number, number]; re?: RegExp; required?: boolean };

const ID = /^[A-Za-z0-9_]{1,50}$/;
const HOST = /^[A-Za-z0-9.-]{1,68}$/;
const YN = ['Y', 'N'] as const;

/** The ID tag of each kind (the first line of a card). */
export const ID_TAG: Record<DefKind, string> = { snd: 'SNDFILE', rcv: 'RCVFILE', hst: 'HOST', tgrp: 'GRP', job: 'JOB', fmt: 'FMT', mfmt: 'MFMT' };
/** The DEF…DEFEND list section name, where the kind has one. */
export const LIST_TAG: Partial<Record<DefKind, string>> = { tgrp: 'SERVER', job: 'JOB', fmt: 'FORMAT', mfmt: 'FORMAT' };

const RULES: Record<DefKind, Record<string, Rule>> = {
  snd: {
    COMMENT: { max: 60 },
    FILENAME: { max: 200, required: true },
    TRANSTYPE: { values: ['T', 'B', 'F', 'M'], default: 'T' },
    FMTID: { re: ID },
    COMP: { values: ['N', '1', '2', '3', 'Z'], default: 'N' },
    COMPSIZE: { range: [0, 32760], default: '0' },
    DEFLATELEVEL: { values: ['S', 'D', 'C'], default: 'D' },
    KJCHNGE: { values: ['S', 'R', 'N'], default: 'S' },
    CODESET: { max: 1, default: '0' },
    CLEAR: { values: ['K', 'C', 'D', 'L'], default: 'K' },
    GRPID: { re: ID, required: true },
    PREJOBID: { re: ID },
    JOBID: { re: ID },
    EJOBID: { re: ID },
    INTERVAL: { range: [0, 32760], default: '0' },
    TRANSPRTY: { range: [1, 256], default: '50' },
    BLOCKLEN: { default: '0' },
    BLOCKCNT: { range: [0, 99], default: '0' },
    PASSWORD: {},
  },
  rcv: {
    COMMENT: { max: 60 },
    FILENAME: { max: 200, required: true },
    TRANSMODE: { values: ['N', 'R', 'M'], default: 'N' },
    ABNORMAL: { values: ['D', 'K', 'R'], default: 'D' },
    RCVTYPE: { values: ['S', 'M'], default: 'S' },
    GENCTL: { values: YN, default: 'N' },
    CODESET: { max: 1, default: '0' },
    JOBID: { re: ID },
    EJOBID: { re: ID },
    JOBWAIT: { values: ['T', 'J'], default: 'T' },
    GRPID: { re: ID },
    DATAVERIFY: { values: ['0', '1'], default: '0' },
    PASSWORD: {},
  },
  hst: {
    COMMENT: { max: 60 },
    HOSTTYPE: { values: ['H', 'U', 'N', 'W', 'A', 'K'], default: 'U' },
    KCODETYPE: { values: ['S', 'E', 'J', 'I', 'K', 'N', '8', 'G', 'C'], default: 'S' },
    RCVPORT: { range: [1, 65535], default: '30000' },
    REQPORT: { range: [1, 65535], default: '31000' },
    HOSTSPSNUM: { range: [0, 99999], default: '0' },
    SENDPERMIT: { values: YN, default: 'Y' },
    HULJOBPERMIT: { values: YN, default: 'Y' },
    HULSNDRCPERMIT: { values: YN, default: 'Y' },
    HULRJOBPERMIT: { values: YN, default: 'Y' },
    /** [D] the address to connect to; HULFT resolves the host name instead. */
    ADDRESS: { max: 68 },
  },
  tgrp: { COMMENT: { max: 60 } },
  job: { COMMENT: { max: 60 } },
  // Format information: FORMAT DEF lines `name,start,length,decimals,type` (research §3.6).
  fmt: { COMMENT: { max: 60 } },
  // Multi-format information [D]: the key at KEYPOS/KEYLEN chooses a format per record (FORMAT DEF lines
  // `key,FMTID`); records whose key matches none use DEFAULTFMT.
  mfmt: {
    COMMENT: { max: 60 },
    KEYPOS: { range: [1, 9999], required: true },
    KEYLEN: { range: [1, 9999], required: true },
    DEFAULTFMT: { re: ID, required: true },
  },
};

export function tagsOf(kind: DefKind): string[] {
  return Object.keys(RULES[kind]);
}

function checkPassword(v: string): void {
  if (!/^[A-Za-z0-9]{8,20}$/.test(v) && !/^[0-9A-Fa-f]{64}$/.test(v)) {
    throw new DefinitionError('PASSWORD must be 8–20 alphanumeric characters or a 64-hex-digit strong key');
  }
}

/** Checks tags, values and limits, fills defaults and returns a normalised copy; throws DefinitionError. */
export function validate(def: Definition): Definition {
  const rules = RULES[def.kind];
  if (!rules) throw new DefinitionError(`unknown management information type ${String(def.kind)}`);
  const idOk = def.kind === 'hst' ? HOST.test(def.id) : ID.test(def.id);
  if (!idOk) {
    throw new DefinitionError(def.kind === 'hst' ? `HOST must be 1–68 characters of [A-Za-z0-9.-]: ${def.id}` : `${ID_TAG[def.kind]} must be 1–50 characters of [A-Za-z0-9_]: ${def.id}`);
  }
  const fields: Record<string, string> = {};
  for (const [tag, value] of Object.entries(def.fields)) {
    const t = tag.toUpperCase();
    const rule = rules[t];
    if (!rule) throw new DefinitionError(`${t} is not a field of ${def.kind} information`);
    fields[t] = rule.values ? value.toUpperCase() : value;
  }
  for (const [tag, rule] of Object.entries(rules)) {
    const v = fields[tag];
    if (v === undefined || v === '') {
      if (rule.required) throw new DefinitionError(`${tag} is required`);
      if (rule.default !== undefined) fields[tag] = rule.default;
      else delete fields[tag];
      continue;
    }
    if (rule.max !== undefined && Buffer.byteLength(v) > rule.max) throw new DefinitionError(`${tag} must be at most ${rule.max} bytes`);
    if (rule.values && !rule.values.includes(v)) throw new DefinitionError(`${tag} must be one of ${rule.values.join(', ')}`);
    if (rule.re && !rule.re.test(v)) throw new DefinitionError(`${tag} must be 1–50 characters of [A-Za-z0-9_]`);
    if (rule.range) {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < rule.range[0] || n > rule.range[1]) throw new DefinitionError(`${tag} must be an integer in ${rule.range[0]}–${rule.range[1]}`);
    }
    if (tag === 'PASSWORD') checkPassword(v);
  }
  if (def.kind === 'snd') {
    const len = Number(fields.BLOCKLEN);
    const cnt = Number(fields.BLOCKCNT);
    if (!/^\d+$/.test(fields.BLOCKLEN!) || (len !== 0 && (len < 128 || len > 65520))) throw new DefinitionError('BLOCKLEN must be 0 or 128–65520');
    if (len * cnt > 65520) throw new DefinitionError('BLOCKLEN × BLOCKCNT must not exceed 65520');
    if ((fields.TRANSTYPE === 'F' || fields.TRANSTYPE === 'M') && !fields.FMTID) throw new DefinitionError('FMTID is required for TRANSTYPE F and M');
  }
  const list = def.list.map((s) => s.trim()).filter((s) => s.length > 0);
  if (def.kind === 'tgrp') {
    if (list.length === 0) throw new DefinitionError('a transfer group needs at least one SERVER host');
    if (list.length > 1000) throw new DefinitionError('a transfer group holds at most 1000 hosts');
    if (new Set(list).size !== list.length) throw new DefinitionError('a transfer group must not list a host twice');
    for (const h of list) if (!HOST.test(h)) throw new DefinitionError(`host name must be 1–68 characters of [A-Za-z0-9.-]: ${h}`);
  } else if (def.kind === 'job') {
    if (list.length === 0) throw new DefinitionError('a job needs at least one command');
    if (list.length > 13) throw new DefinitionError('a job holds at most 13 commands');
    for (const c of list) if (Buffer.byteLength(c) > 200) throw new DefinitionError('a job command must be at most 200 bytes');
  } else if (def.kind === 'fmt') {
    try {
      layoutFormat(def.id, list);
    } catch (e) {
      throw new DefinitionError((e as Error).message);
    }
  } else if (def.kind === 'mfmt') {
    if (list.length > 1000) throw new DefinitionError('a multi-format holds at most 1000 formats');
    for (const line of list) {
      const [key, fmt, ...rest] = line.split(',').map((p) => p.trim());
      if (rest.length > 0 || !key || !fmt || !ID.test(fmt)) throw new DefinitionError(`a multi-format entry is key,FMTID: ${line}`);
      if (Buffer.byteLength(key) > Number(fields.KEYLEN)) throw new DefinitionError(`key ${key} is longer than KEYLEN ${fields.KEYLEN!}`);
    }
  } else if (list.length > 0) {
    throw new DefinitionError(`${def.kind} information has no DEF…DEFEND list`);
  }
  return { kind: def.kind, id: def.kind === 'snd' || def.kind === 'rcv' ? def.id.toUpperCase() : def.id, fields, list };
}
