// Emits src/generated/<id>/api.ts: a TypeScript type per shape reachable from any operation, the <Pascal>Api
// interface providers implement (one lowerCamel method per operation) and the OPERATIONS tuple.

/** Names a shape may not take as-is: TS keywords/primitives, globals, and names api.ts itself uses. */
const RESERVED = new Set([
  // TS primitive and keyword type names (cloudfront has shapes called `string`, `boolean`, `integer`, ...)
  'any', 'unknown', 'never', 'string', 'number', 'boolean', 'bigint', 'symbol', 'object', 'undefined', 'void', 'null',
  'this', 'true', 'false', 'type', 'interface', 'enum', 'class', 'function', 'const', 'let', 'var', 'import',
  'export', 'default', 'new', 'delete', 'typeof', 'keyof', 'infer', 'in', 'is', 'as', 'package', 'private',
  'protected', 'public', 'static', 'yield', 'await', 'async', 'readonly', 'declare', 'namespace', 'module',
  // ECMAScript and Node globals and TS utility types
  'Object', 'Function', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Date', 'Error', 'Array', 'Map', 'Set',
  'WeakMap', 'WeakSet', 'Promise', 'RegExp', 'JSON', 'Math', 'Intl', 'Proxy', 'Reflect', 'Iterator', 'Iterable',
  'AsyncIterable', 'AsyncIterator', 'Generator', 'ArrayBuffer', 'DataView', 'Uint8Array', 'Buffer', 'Blob', 'File',
  'URL', 'Request', 'Response', 'Headers', 'Event', 'EventTarget', 'Record', 'Partial', 'Required', 'Readonly',
  'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable', 'ReturnType', 'Parameters', 'Awaited', 'PropertyKey',
  // names this file declares or imports
  'Readable', 'RequestContext', 'OPERATIONS', 'OperationName',
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function lowerCamel(name) {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function tsString(value) {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every shape name reachable from an operation's input, output or errors, sorted. */
export function reachableShapes(model) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`${model.metadata.serviceId}: unknown shape ${name}`);
    seen.add(name);
    for (const ref of Object.values(shape.members ?? {})) visit(ref.shape);
    for (const key of ['member', 'key', 'value']) if (shape[key]) visit(shape[key].shape);
  };
  for (const op of Object.values(model.operations)) {
    if (op.input) visit(op.input.shape);
    if (op.output) visit(op.output.shape);
    for (const err of op.errors ?? []) visit(err.shape);
  }
  return [...seen].sort(byName);
}

/** Maps shape names to TS names; a colliding name gets a `Shape` suffix (repeated until unique). */
export function typeNames(shapeNames, apiName) {
  const taken = new Set([...RESERVED, apiName, ...shapeNames]);
  const names = new Map();
  for (const name of shapeNames) {
    if (!RESERVED.has(name) && name !== apiName && IDENTIFIER.test(name)) {
      names.set(name, name);
      continue;
    }
    let candidate = `${name.replace(/[^A-Za-z0-9_$]/g, '_')}Shape`;
    while (taken.has(candidate)) candidate += 'Shape';
    taken.add(candidate);
    names.set(name, candidate);
  }
  return names;
}

const NUMERIC = new Set(['integer', 'long', 'float', 'double', 'bigdecimal', 'biginteger', 'byte', 'short']);
const READABLE = "import('node:stream').Readable";

function isStreamingBlob(shape, ref) {
  return shape.type === 'blob' && (shape.streaming === true || ref?.streaming === true);
}

/** The TS type expression of a reference from a structure member (or list/map slot). */
function refType(model, names, ref, direction) {
  const shape = model.shapes[ref.shape];
  if (isStreamingBlob(shape, ref)) {
    return direction === 'input' ? READABLE : `Uint8Array | ${READABLE}`;
  }
  const name = names.get(ref.shape);
  return shape.eventstream === true ? `AsyncIterable<${name}>` : name;
}

function aliasBody(model, names, shape) {
  switch (shape.type) {
    case 'string':
      return shape.enum?.length ? shape.enum.map(tsString) : 'string';
    case 'character': return 'string';
    case 'boolean': return 'boolean';
    case 'blob': return 'Uint8Array';
    case 'timestamp': return 'Date';
    case 'list': return `${wrapArrayElement(refType(model, names, shape.member, 'nested'))}[]`;
    case 'map': return `Record<string, ${refType(model, names, shape.value, 'nested')}>`;
    default:
      if (NUMERIC.has(shape.type)) return 'number';
      if (shape.document === true) return 'unknown';
      throw new Error(`unsupported shape type ${shape.type}`);
  }
}

function wrapArrayElement(type) {
  return /[ |<]/.test(type) ? `(${type})` : type;
}

function emitShape(model, names, name, direction) {
  const shape = model.shapes[name];
  const tsName = names.get(name);
  if (shape.type === 'structure' && shape.document === true) return `export type ${tsName} = unknown;`;
  if (shape.type === 'structure') {
    const required = new Set(shape.required ?? []);
    const members = Object.entries(shape.members ?? {});
    if (members.length === 0) return `export interface ${tsName} {}`;
    const lines = members.map(([member, ref]) => {
      const key = IDENTIFIER.test(member) ? member : tsString(member);
      const optional = required.has(member) ? '' : '?';
      return `  ${key}${optional}: ${refType(model, names, ref, direction.get(name) ?? 'nested')};`;
    });
    return [`export interface ${tsName} {`, ...lines, '}'].join('\n');
  }
  const body = aliasBody(model, names, shape);
  if (!Array.isArray(body)) return `export type ${tsName} = ${body};`;
  const oneLine = `export type ${tsName} = ${body.join(' | ')};`;
  return oneLine.length <= 120 ? oneLine : [`export type ${tsName} =`, ...body.map((v) => `  | ${v}`)].join('\n') + ';';
}

/** Whether each top-level input/output structure reads streams in (input) or writes them out (output). */
function directions(model) {
  const dir = new Map();
  const mark = (name, d) => dir.set(name, dir.has(name) && dir.get(name) !== d ? 'nested' : d);
  for (const op of Object.values(model.operations)) {
    if (op.input) mark(op.input.shape, 'input');
    if (op.output) mark(op.output.shape, 'output');
  }
  return dir;
}

/** The full text of api.ts (without the GENERATED header line, which run.mjs adds). */
export function renderApi(model, apiName) {
  const shapes = reachableShapes(model);
  const names = typeNames(shapes, apiName);
  const direction = directions(model);
  const out = [
    "import type { RequestContext } from '../../core/request-context.js';",
    '',
  ];
  for (const name of shapes) {
    const shape = model.shapes[name];
    if (shape.type === 'blob' && shape.streaming === true) continue; // inlined per direction at each use
    out.push(emitShape(model, names, name, direction));
  }
  const operations = Object.keys(model.operations).sort(byName);
  out.push('', `/** The ${model.metadata.serviceId} API: a provider implements Partial<${apiName}>. */`);
  out.push(`export interface ${apiName} {`);
  for (const opName of operations) {
    const op = model.operations[opName];
    const input = op.input ? names.get(op.input.shape) : 'Record<string, never>';
    const output = op.output ? names.get(op.output.shape) : 'Record<string, never>';
    out.push(`  ${lowerCamel(opName)}(ctx: RequestContext, input: ${input}): Promise<${output}>;`);
  }
  out.push('}', '', 'export const OPERATIONS = [');
  for (const opName of operations) out.push(`  ${tsString(opName)},`);
  out.push('] as const;', '', 'export type OperationName = (typeof OPERATIONS)[number];', '');
  return out.join('\n');
}
