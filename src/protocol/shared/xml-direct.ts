// Model-driven XML written straight to text, without the XmlNode tree that writeStructureContent builds: the same
// bytes as renderXml(writeStructureContent(…)), for big answers (EC2's DescribeInstances writes ~20,000 elements).
//
// Why a second writer: the tree costs one object per element, and text concatenated piece by piece is a rope that
// Buffer.from must flatten; pieces pushed to one array and joined once avoid both (docs/performance.md, EC2).
// xml-direct.test.ts checks it byte for byte against the tree writer.
import type { ServiceModel, Shape, ShapeRef } from '../../core/model.js';
import { shapeOf } from '../../core/model.js';
import { formatNumber, isBodyMember, timestampFormatOf } from './http-bindings.js';
import { formatTimestamp } from './timestamps.js';
import { escapeXmlAttribute, escapeXmlText } from './xml.js';
import { namespaceAttributes } from './xml-shapes.js';

/** A structure's body members as XML text, and its xmlAttribute members as attributes (as writeStructureContent). */
export function writeStructureXml(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  direction: 'input' | 'output' = 'input',
): { attributes: Record<string, string>; body: string } {
  const sink = new XmlSink();
  writeStructureBody(model, shape, value, direction, sink);
  return { attributes: structureAttributes(model, shape, value, direction) ?? {}, body: sink.toString() };
}

/**
 * Collects XML text as pieces of about 16 K characters, which the EC2 codec writes out with utf8Chunks: concatenating ~10,000 pieces builds a rope whose flattening, and joining them into
 * one 270 KB string, each cost more than writing the XML (the big string is allocated in V8's large-object space and
 * brings full collections); chunks stay small, young and cheap (docs/performance.md, EC2).
 */
export class XmlSink {
  private pieces: string[] = [];
  private size = 0;
  private readonly chunks: string[] = [];
  /** An open tag (`<name attr="…"`) not yet closed by `>` or `/>`: only the newest open tag can be pending. */
  private pending: string | undefined;

  /** Already-escaped text; empty text is nothing, so an element around it stays `<name/>`. */
  text(s: string): void {
    if (s === '') return;
    if (this.pending !== undefined) this.settle('>');
    this.add(s);
  }

  open(tag: string): void {
    if (this.pending !== undefined) this.settle('>');
    this.pending = tag;
  }

  /** Closes the newest element; with no content since its open tag it becomes `<name/>`, as renderXml writes. */
  close(name: string): void {
    if (this.pending !== undefined) this.settle('/>');
    else this.add('</' + name + '>');
  }

  toString(): string {
    this.flush();
    return this.chunks.join('');
  }

  /** The text as pieces of about 16 K characters each, for utf8Chunks. */
  toPieces(): readonly string[] {
    this.flush();
    return this.chunks;
  }

  private settle(end: string): void {
    const tag = this.pending!;
    this.pending = undefined;
    this.add(tag + end);
  }

  private add(s: string): void {
    this.pieces.push(s);
    this.size += s.length;
    if (this.size >= 16384) this.flush();
  }

  private flush(): void {
    if (this.pieces.length === 0) return;
    this.chunks.push(this.pieces.join(''));
    this.pieces = [];
    this.size = 0;
  }
}

/** Writes a structure's body members (not its xmlAttribute members) into `sink`. */
export function writeStructureBody(model: ServiceModel, shape: Shape, value: Record<string, unknown>, direction: 'input' | 'output', sink: XmlSink): void {
  const members = shape.members ?? {};
  for (const name in members) {
    const ref = members[name]!;
    const v = value[name];
    if (v === undefined || v === null || ref.xmlAttribute || !isBodyMember(ref, direction)) continue;
    valueXml(model, ref, ref.locationName ?? name, v, sink);
  }
}

function structureAttributes(model: ServiceModel, shape: Shape, value: Record<string, unknown>, direction: 'input' | 'output'): Record<string, string> | undefined {
  let attributes: Record<string, string> | undefined;
  const members = shape.members ?? {};
  for (const name in members) {
    const ref = members[name]!;
    if (!ref.xmlAttribute) continue;
    const v = value[name];
    if (v === undefined || v === null || !isBodyMember(ref, direction)) continue;
    (attributes ??= {})[ref.locationName ?? name] = scalarText(ref, shapeOf(model, ref.shape), v);
  }
  return attributes;
}

/** `value` as elements named `name` (a flattened list or map yields several; others exactly one; nothing for null). */
function valueXml(model: ServiceModel, ref: ShapeRef, name: string, value: unknown, sink: XmlSink): void {
  const shape = shapeOf(model, ref.shape);
  const ns = namespaceAttributes(ref.xmlNamespace ?? shape.xmlNamespace);
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return;
      const attributes = structureAttributes(model, shape, value, 'input');
      sink.open(openTag(name, ns === undefined ? attributes : { ...ns, ...attributes }));
      writeStructureBody(model, shape, value, 'input', sink);
      sink.close(name);
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      const itemRef = shape.member ?? { shape: 'String' };
      if (ref.flattened === true || shape.flattened === true) {
        const flatRef = ref.xmlNamespace ? { ...itemRef, xmlNamespace: ref.xmlNamespace } : itemRef;
        for (const v of value) valueXml(model, flatRef, name, v, sink);
        return;
      }
      const itemName = shape.member?.locationName ?? 'member';
      sink.open(openTag(name, ns));
      for (const v of value) valueXml(model, itemRef, itemName, v, sink);
      sink.close(name);
      return;
    }
    case 'map': {
      if (!isRecord(value) || !shape.key || !shape.value) return;
      const keyRef = shape.key;
      const valueRef = shape.value;
      const flattened = ref.flattened === true || shape.flattened === true;
      if (!flattened) sink.open(openTag(name, ns));
      for (const [k, v] of Object.entries(value)) {
        sink.open(flattened ? openTag(name, ns) : '<entry');
        valueXml(model, keyRef, keyRef.locationName ?? 'key', k, sink);
        valueXml(model, valueRef, valueRef.locationName ?? 'value', v, sink);
        sink.close(flattened ? name : 'entry');
      }
      if (!flattened) sink.close(name);
      return;
    }
    default: {
      if (value === undefined || value === null) return;
      const text = escapeXmlText(scalarText(ref, shape, value));
      // The common case in one piece: a plain element around text.
      if (ns === undefined && text !== '') sink.text('<' + name + '>' + text + '</' + name + '>');
      else {
        sink.open(openTag(name, ns));
        sink.text(text);
        sink.close(name);
      }
    }
  }
}

function openTag(name: string, attributes: Record<string, string> | undefined): string {
  let tag = '<' + name;
  if (attributes !== undefined) for (const k in attributes) tag += ' ' + k + '="' + escapeXmlAttribute(attributes[k]!) + '"';
  return tag;
}

function scalarText(ref: ShapeRef, shape: Shape, value: unknown): string {
  if (value instanceof Date) return String(formatTimestamp(value, timestampFormatOf({ ref, shape }, 'iso8601')));
  if (shape.type === 'timestamp' && typeof value === 'number') return String(formatTimestamp(new Date(value * 1000), timestampFormatOf({ ref, shape }, 'iso8601')));
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (shape.type === 'blob' && typeof value === 'string') return Buffer.from(value).toString('base64');
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}
