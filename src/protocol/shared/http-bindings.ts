// HTTP bindings shared by the rest-json and rest-xml codecs: operation lookup by method + URI template, and
// members bound to URI labels, query strings, headers, prefix headers and the status code (Smithy HTTP traits).
import { setOwn } from '../../core/dict.js';
import type { OperationModel, ServiceModel, Shape, ShapeRef, TimestampFormat } from '../../core/model.js';
import { shapeOf } from '../../core/model.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';
import { matchPath, matchQuery, parseQueryString, parseUriTemplate, specificity, type UriTemplate } from './uri-template.js';

/** A member with its reference and target shape resolved. */
export interface Member {
  name: string;
  ref: ShapeRef;
  shape: Shape;
}

/** Resolved members per shape, computed once: every request of an operation walks the same shapes. */
const memberCache = new WeakMap<Shape, readonly Member[]>();

export function membersOf(model: ServiceModel, shape: Shape): readonly Member[] {
  let members = memberCache.get(shape);
  if (!members) {
    members = Object.entries(shape.members ?? {}).map(([name, ref]) => ({ name, ref, shape: shapeOf(model, ref.shape) }));
    memberCache.set(shape, members);
  }
  return members;
}

/** The member named by the structure's `payload`, if any. */
export function payloadMember(model: ServiceModel, shape: Shape): Member | undefined {
  if (shape.payload === undefined) return undefined;
  const ref = shape.members?.[shape.payload];
  return ref ? { name: shape.payload, ref, shape: shapeOf(model, ref.shape) } : undefined;
}

/**
 * Whether a member goes in the body. On output, URI and query bindings mean nothing, so those members are body
 * members (Smithy: httpLabel/httpQuery are ignored outside inputs); headers and the status code never are.
 */
export function isBodyMember(ref: ShapeRef, direction: 'input' | 'output'): boolean {
  if (ref.location === undefined) return true;
  return direction === 'output' && (ref.location === 'uri' || ref.location === 'querystring');
}

export function bodyMembers(model: ServiceModel, shape: Shape, direction: 'input' | 'output' = 'input'): Member[] {
  return membersOf(model, shape).filter((m) => isBodyMember(m.ref, direction));
}

/** True when the payload is raw bytes or text (blob / string / streaming), not a synthesized document. */
export function isRawPayload(member: Member): boolean {
  return member.shape.type === 'blob' || member.shape.type === 'string';
}

export function timestampFormatOf(member: { ref: ShapeRef; shape: Shape }, fallback: TimestampFormat): TimestampFormat {
  return member.ref.timestampFormat ?? member.shape.timestampFormat ?? fallback;
}

interface RestRoute {
  name: string;
  op: OperationModel;
  template: UriTemplate;
  /** Deprecated operations (S3 PutBucketLifecycle, GetBucketNotification) lose ties to their replacements. */
  deprecated: boolean;
}

/** Parsed URI templates of a model's operations grouped by HTTP method, built once per model. */
const routeTables = new WeakMap<ServiceModel, Map<string, RestRoute[]>>();

function routesFor(model: ServiceModel, method: string): RestRoute[] {
  let table = routeTables.get(model);
  if (!table) {
    table = new Map();
    for (const [name, op] of Object.entries(model.operations)) {
      const full = parseUriTemplate(op.http.requestUri);
      const template = { ...full, query: new Map([...full.query].filter(([k]) => k !== 'x-id')) };
      const key = op.http.method.toUpperCase();
      const list = table.get(key) ?? [];
      list.push({ name, op, template, deprecated: op.deprecated === true });
      table.set(key, list);
    }
    routeTables.set(model, table);
  }
  return table.get(method.toUpperCase()) ?? [];
}

/**
 * Finds the operation a REST request calls. Among operations whose method, path and literal query parts match,
 * one with no required query/header member missing beats one with some missing; then more literal query keys,
 * then more literal path segments win. Remaining ties (S3 PutObject / UploadPart / CopyObject share
 * PUT /{Bucket}/{Key+} in botocore's model) go to the one with more required query and header members present,
 * and a deprecated operation loses to the current one on the same URI (PutBucketLifecycleConfiguration).
 * SDK v3's `x-id` query marker names the operation outright.
 */
export function resolveRestOperation(model: ServiceModel, method: string, rawPath: string, rawQuery: string, headers: Record<string, string>): string | undefined {
  const pairs = parseQueryString(rawQuery);
  const xId = pairs.find(([k]) => k === 'x-id')?.[1];
  let best: { name: string; score: number } | undefined;
  for (const { name, op, template, deprecated } of routesFor(model, method)) {
    if (!matchQuery(template, pairs) || !matchPath(template, rawPath)) continue;
    const { present, missing } = requiredBindings(model, op, pairs, headers);
    let score = (specificity(template) + present - missing * 1_000_000) * 2 - (deprecated ? 1 : 0);
    if (xId === name) score += 100_000_000;
    if (!best || score > best.score) best = { name, score };
  }
  return best?.name;
}

function requiredBindings(
  model: ServiceModel,
  op: OperationModel,
  pairs: Array<[string, string]>,
  headers: Record<string, string>,
): { present: number; missing: number } {
  let present = 0;
  let missing = 0;
  if (!op.input) return { present, missing };
  const shape = shapeOf(model, op.input.shape);
  for (const name of shape.required ?? []) {
    const ref = shape.members?.[name];
    if (!ref) continue;
    const wire = ref.locationName ?? name;
    let found: boolean;
    if (ref.location === 'querystring') found = pairs.some(([k]) => k === wire);
    else if (ref.location === 'header') found = headers[wire.toLowerCase()] !== undefined;
    else continue;
    if (found) present++;
    else missing++;
  }
  return { present, missing };
}

export interface BindingSource {
  labels: Record<string, string>;
  query: Array<[string, string]>;
  /** Lower-case names. */
  headers: Record<string, string>;
}

/** Reads every member bound to a label, query parameter or header into `target`. */
export function readBindings(model: ServiceModel, shape: Shape, source: BindingSource, target: Record<string, unknown>): void {
  const members = membersOf(model, shape);
  const boundQueryKeys = new Set(members.filter((m) => m.ref.location === 'querystring' && m.ref.locationName).map((m) => m.ref.locationName));
  for (const m of members) {
    const wire = m.ref.locationName ?? m.name;
    switch (m.ref.location) {
      case 'uri': {
        const raw = source.labels[wire];
        if (raw !== undefined) target[m.name] = parseText(m, raw);
        break;
      }
      case 'querystring': {
        if (m.shape.type === 'map') {
          // A map bound to the whole query string takes every parameter no other member claims (Smithy httpQueryParams).
          const map: Record<string, unknown> = {};
          const valueShape = shapeOf(model, m.shape.value?.shape ?? 'String');
          for (const [k, v] of source.query) {
            if (boundQueryKeys.has(k)) continue;
            if (valueShape.type === 'list') ((map[k] ??= []) as unknown[]).push(v);
            else if (!(k in map)) map[k] = v;
          }
          if (Object.keys(map).length > 0) target[m.name] = map;
          break;
        }
        const values = source.query.filter(([k]) => k === wire).map(([, v]) => v);
        if (values.length === 0) break;
        if (m.shape.type === 'list') {
          const item = listItem(model, m.shape);
          target[m.name] = values.map((v) => parseText(item, v));
        } else if (values[0] !== undefined) target[m.name] = parseText(m, values[0]);
        break;
      }
      case 'header': {
        const raw = source.headers[wire.toLowerCase()];
        if (raw === undefined) break;
        if (m.shape.type === 'list') {
          const item = listItem(model, m.shape);
          const httpDate = item.shape.type === 'timestamp' && timestampFormatOf(item, 'rfc822') === 'rfc822';
          target[m.name] = splitHeaderList(raw, httpDate).map((v) => parseText(item, v));
        } else target[m.name] = parseText(m, raw);
        break;
      }
      case 'headers': {
        const prefix = wire.toLowerCase();
        const map: Record<string, string> = {};
        // x-amz-meta-__proto__ is an ordinary metadata key.
        for (const [k, v] of Object.entries(source.headers)) if (k.startsWith(prefix)) setOwn(map, k.slice(prefix.length), v);
        if (Object.keys(map).length > 0) target[m.name] = map;
        break;
      }
      case 'statusCode':
      case undefined:
      default:
        break;
    }
  }
}

function listItem(model: ServiceModel, list: Shape): Member {
  const ref = list.member ?? { shape: 'String' };
  return { name: 'member', ref, shape: shapeOf(model, ref.shape) };
}

/**
 * Splits a list header ("a, b, c"). Quoted items keep commas and unescape \" (Smithy httpHeader lists);
 * HTTP dates contain a comma themselves, so their pieces are rejoined in pairs.
 */
export function splitHeaderList(raw: string, httpDates: boolean): string[] {
  const items: string[] = [];
  let i = 0;
  while (i < raw.length) {
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    if (raw[i] === '"') {
      let value = '';
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && i + 1 < raw.length) i++;
        value += raw[i];
        i++;
      }
      items.push(value);
      const comma = raw.indexOf(',', i);
      i = comma < 0 ? raw.length : comma + 1;
    } else {
      const comma = raw.indexOf(',', i);
      const end = comma < 0 ? raw.length : comma;
      items.push(raw.slice(i, end).trim());
      i = end + 1;
    }
  }
  if (!httpDates) return items;
  const dates: string[] = [];
  for (let k = 0; k < items.length; k += 2) dates.push(`${items[k] ?? ''}, ${items[k + 1] ?? ''}`);
  return dates;
}

/** Converts a label, query or header string into the member's type. */
export function parseText(m: Member, raw: string): unknown {
  // Every timestamp form (epoch, ISO 8601, HTTP date) is recognised on input, whatever the declared format.
  switch (m.shape.type) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
    case 'bigdecimal':
    case 'biginteger':
      return Number(raw);
    case 'boolean':
      return raw.trim().toLowerCase() === 'true';
    case 'timestamp':
      return parseTimestamp(raw) ?? raw;
    case 'blob':
      return Buffer.from(raw, 'base64');
    case 'character':
    case 'list':
    case 'map':
    case 'string':
    case 'structure':
    default:
      // A jsonvalue (Smithy mediaType) header carries base64 text; the member's value is that text, which holds JSON.
      if (m.ref.jsonvalue === true || m.shape.jsonvalue === true) return Buffer.from(raw, 'base64').toString('utf8');
      return raw;
  }
}

/** Writes a scalar for a header, label or query string. */
export function formatText(m: Member, value: unknown, defaultTimestamp: TimestampFormat): string {
  if (value instanceof Date) return String(formatTimestamp(value, timestampFormatOf(m, defaultTimestamp)));
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (m.ref.jsonvalue === true || m.shape.jsonvalue === true) {
    return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
  }
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** Headers for the members of an output (or error) structure bound to `header` and `headers`. */
export function writeHeaders(model: ServiceModel, shape: Shape, value: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const m of membersOf(model, shape)) {
    const v = value[m.name];
    if (v === undefined || v === null) continue;
    const wire = m.ref.locationName ?? m.name;
    if (m.ref.location === 'header') {
      if (m.shape.type === 'list' && Array.isArray(v)) {
        const item = listItem(model, m.shape);
        headers[wire.toLowerCase()] = v.map((x) => quoteHeaderItem(formatText(item, x, 'rfc822'), item.shape.type)).join(', ');
      } else headers[wire.toLowerCase()] = formatText(m, v, 'rfc822');
    } else if (m.ref.location === 'headers' && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) headers[`${wire}${k}`.toLowerCase()] = String(x);
    }
  }
  return headers;
}

function quoteHeaderItem(text: string, type: string): string {
  if (type !== 'string' || !/[",]/.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The response status: an output member bound to the status code, else the operation's responseCode, else 200. */
export function responseStatus(model: ServiceModel, op: OperationModel, output: Record<string, unknown>): number {
  if (op.output) {
    for (const m of membersOf(model, shapeOf(model, op.output.shape))) {
      const v = output[m.name];
      if (m.ref.location === 'statusCode' && typeof v === 'number') return v;
    }
  }
  return op.http.responseCode ?? 200;
}
