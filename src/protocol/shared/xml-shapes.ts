// Model-driven conversion between XML elements and SDK-shaped values for rest-xml bodies: element names from
// locationName, flattened lists and maps, xmlAttribute members, xmlNamespace, base64 blobs, ISO 8601 timestamps.
import type { ServiceModel, Shape, ShapeRef } from '../../core/model.js';
import { shapeOf } from '../../core/model.js';
import { formatNumber, isBodyMember, timestampFormatOf } from './http-bindings.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';
import type { XmlElement, XmlNode } from './xml.js';
import { xmlNode } from './xml.js';

/** Reads a value of `ref`'s shape from an element (the element is the value's own wrapper). */
export function readXmlValue(model: ServiceModel, ref: ShapeRef, el: XmlElement): unknown {
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure':
      return readStructure(model, shape, el);
    case 'list':
      return readList(model, shape, el.children.filter((c) => c.localName === listItemName(shape)));
    case 'map':
      return readMap(model, shape, el.children.filter((c) => c.localName === 'entry'));
    case 'bigdecimal':
    case 'biginteger':
    case 'blob':
    case 'boolean':
    case 'byte':
    case 'character':
    case 'double':
    case 'float':
    case 'integer':
    case 'long':
    case 'short':
    case 'string':
    case 'timestamp':
    default:
      return readScalar(shape, el.text);
  }
}

/** Reads a structure's body members (members bound to HTTP locations are skipped). */
export function readStructure(model: ServiceModel, shape: Shape, el: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location !== undefined) continue;
    const target = shapeOf(model, ref.shape);
    if (ref.xmlAttribute) {
      const attr = el.attributes[ref.locationName ?? name];
      if (attr !== undefined) out[name] = readScalar(target, attr);
      continue;
    }
    const flattened = ref.flattened === true || target.flattened === true;
    if (target.type === 'list' && flattened) {
      // Smithy names flattened items after the member; botocore's parser also accepts the list member's name.
      let items = el.children.filter((c) => c.localName === (ref.locationName ?? name));
      const alt = target.member?.locationName;
      if (items.length === 0 && alt !== undefined) items = el.children.filter((c) => c.localName === alt);
      if (items.length > 0) out[name] = readList(model, target, items);
      continue;
    }
    if (target.type === 'map' && flattened) {
      const items = el.children.filter((c) => c.localName === (ref.locationName ?? name));
      if (items.length > 0) out[name] = readMap(model, target, items);
      continue;
    }
    const child = el.children.find((c) => c.localName === (ref.locationName ?? name));
    if (child) out[name] = readXmlValue(model, ref, child);
  }
  return out;
}

function listItemName(list: Shape): string {
  return list.member?.locationName ?? 'member';
}

function readList(model: ServiceModel, list: Shape, items: XmlElement[]): unknown[] {
  const ref = list.member ?? { shape: 'String' };
  return items.map((item) => readXmlValue(model, ref, item));
}

function readMap(model: ServiceModel, map: Shape, entries: XmlElement[]): Record<string, unknown> {
  const keyName = map.key?.locationName ?? 'key';
  const valueName = map.value?.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const key = entry.children.find((c) => c.localName === keyName)?.text;
    const value = entry.children.find((c) => c.localName === valueName);
    if (key === undefined || !map.value) continue;
    out[key] = value ? readXmlValue(model, map.value, value) : '';
  }
  return out;
}

function readScalar(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
    case 'bigdecimal':
    case 'biginteger':
      return Number(text.trim());
    case 'boolean':
      return text.trim() === 'true';
    case 'timestamp':
      return parseTimestamp(text) ?? text;
    case 'blob':
      return Buffer.from(text, 'base64');
    case 'character':
    case 'list':
    case 'map':
    case 'string':
    case 'structure':
    default:
      return text;
  }
}

/** Writes `value` as nodes named `name` (a flattened list or map yields several; others exactly one). */
export function writeXmlValue(model: ServiceModel, ref: ShapeRef, name: string, value: unknown): XmlNode[] {
  const out: XmlNode[] = [];
  appendXmlValue(model, ref, name, value, out);
  return out;
}

/** writeXmlValue's worker: appends to `out` instead of returning arrays to splice (listings write ~10,000 nodes). */
function appendXmlValue(model: ServiceModel, ref: ShapeRef, name: string, value: unknown, out: XmlNode[]): void {
  const shape = shapeOf(model, ref.shape);
  const ns = namespaceAttributes(ref.xmlNamespace ?? shape.xmlNamespace);
  const flattened = ref.flattened === true || shape.flattened === true;
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return;
      const { attributes, children } = writeStructureContent(model, shape, value);
      out.push(xmlNode(name, children, mergeAttributes(ns, attributes)));
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      const itemRef = shape.member ?? { shape: 'String' };
      if (flattened) {
        const flatRef = ref.xmlNamespace ? { ...itemRef, xmlNamespace: ref.xmlNamespace } : itemRef;
        for (const v of value) appendXmlValue(model, flatRef, name, v, out);
        return;
      }
      const children: XmlNode[] = [];
      const itemName = listItemName(shape);
      for (const v of value) appendXmlValue(model, itemRef, itemName, v, children);
      out.push(xmlNode(name, children, ns));
      return;
    }
    case 'map': {
      if (!isRecord(value) || !shape.key || !shape.value) return;
      const keyRef = shape.key;
      const valueRef = shape.value;
      const entries: XmlNode[][] = [];
      for (const [k, v] of Object.entries(value)) {
        const entry: XmlNode[] = [];
        appendXmlValue(model, keyRef, keyRef.locationName ?? 'key', k, entry);
        appendXmlValue(model, valueRef, valueRef.locationName ?? 'value', v, entry);
        entries.push(entry);
      }
      if (flattened) for (const children of entries) out.push(xmlNode(name, children, ns));
      else out.push(xmlNode(name, entries.map((children) => xmlNode('entry', children)), ns));
      return;
    }
    case 'bigdecimal':
    case 'biginteger':
    case 'blob':
    case 'boolean':
    case 'byte':
    case 'character':
    case 'double':
    case 'float':
    case 'integer':
    case 'long':
    case 'short':
    case 'string':
    case 'timestamp':
    default: {
      if (value === undefined || value === null) return;
      out.push(xmlNode(name, scalarText(ref, shape, value), ns));
    }
  }
}

/** A structure's body members as child nodes, and its xmlAttribute members as attributes. */
export function writeStructureContent(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  direction: 'input' | 'output' = 'input',
): { attributes: Record<string, string>; children: XmlNode[] } {
  const attributes: Record<string, string> = {};
  const children: XmlNode[] = [];
  const members = shape.members ?? {};
  for (const name in members) {
    const ref = members[name]!;
    const v = value[name];
    if (v === undefined || v === null || !isBodyMember(ref, direction)) continue;
    if (ref.xmlAttribute) {
      attributes[ref.locationName ?? name] = scalarText(ref, shapeOf(model, ref.shape), v);
      continue;
    }
    appendXmlValue(model, ref, ref.locationName ?? name, v, children);
  }
  return { attributes, children };
}

function scalarText(ref: ShapeRef, shape: Shape, value: unknown): string {
  if (value instanceof Date) return String(formatTimestamp(value, timestampFormatOf({ ref, shape }, 'iso8601')));
  if (shape.type === 'timestamp' && typeof value === 'number') return String(formatTimestamp(new Date(value * 1000), timestampFormatOf({ ref, shape }, 'iso8601')));
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (shape.type === 'blob' && typeof value === 'string') return Buffer.from(value).toString('base64');
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** `xmlns` attributes for a namespace trait; some models (and botocore's vectors) give it as a bare URI string. */
export function namespaceAttributes(ns: { uri: string; prefix?: string } | string | undefined): Record<string, string> | undefined {
  if (ns === undefined) return undefined;
  if (typeof ns === 'string') return { xmlns: ns };
  if (typeof ns.uri !== 'string') return undefined;
  return { [ns.prefix ? `xmlns:${ns.prefix}` : 'xmlns']: ns.uri };
}

function mergeAttributes(a: Record<string, string> | undefined, b: Record<string, string>): Record<string, string> | undefined {
  for (const _ in b) return { ...(a ?? {}), ...b };
  return a;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}
