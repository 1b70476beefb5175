// Model-driven XML written straight to text, without the XmlNode tree that writeStructureContent builds: the same
// bytes as renderXml(writeStructureContent(…)), for big answers (EC2's DescribeInstances writes ~20,000 elements).
//
// Why a second writer: the tree costs one object per element and the rendered text is a rope of ~100,000 pieces that
// Buffer.from must flatten; writing each structure's text into one accumulator halves DescribeInstances' serialize
// CPU (docs/performance.md, EC2). xml-direct.test.ts checks it byte for byte against the tree writer.
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
  const attributes: Record<string, string> = {};
  let body = '';
  const members = shape.members ?? {};
  for (const name in members) {
    const ref = members[name]!;
    const v = value[name];
    if (v === undefined || v === null || !isBodyMember(ref, direction)) continue;
    if (ref.xmlAttribute) {
      attributes[ref.locationName ?? name] = scalarText(ref, shapeOf(model, ref.shape), v);
      continue;
    }
    body += valueXml(model, ref, ref.locationName ?? name, v);
  }
  return { attributes, body };
}

/** `value` as elements named `name` (a flattened list or map yields several; others exactly one; nothing for null). */
function valueXml(model: ServiceModel, ref: ShapeRef, name: string, value: unknown): string {
  const shape = shapeOf(model, ref.shape);
  const ns = namespaceAttributes(ref.xmlNamespace ?? shape.xmlNamespace);
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return '';
      const { attributes, body } = writeStructureXml(model, shape, value);
      return element(name, ns === undefined ? attributes : { ...ns, ...attributes }, body);
    }
    case 'list': {
      if (!Array.isArray(value)) return '';
      const itemRef = shape.member ?? { shape: 'String' };
      let out = '';
      if (ref.flattened === true || shape.flattened === true) {
        const flatRef = ref.xmlNamespace ? { ...itemRef, xmlNamespace: ref.xmlNamespace } : itemRef;
        for (const v of value) out += valueXml(model, flatRef, name, v);
        return out;
      }
      const itemName = shape.member?.locationName ?? 'member';
      for (const v of value) out += valueXml(model, itemRef, itemName, v);
      return element(name, ns, out);
    }
    case 'map': {
      if (!isRecord(value) || !shape.key || !shape.value) return '';
      const keyRef = shape.key;
      const valueRef = shape.value;
      const flattened = ref.flattened === true || shape.flattened === true;
      let out = '';
      for (const [k, v] of Object.entries(value)) {
        const entry = valueXml(model, keyRef, keyRef.locationName ?? 'key', k) + valueXml(model, valueRef, valueRef.locationName ?? 'value', v);
        out += flattened ? element(name, ns, entry) : element('entry', undefined, entry);
      }
      return flattened ? out : element(name, ns, out);
    }
    default: {
      if (value === undefined || value === null) return '';
      return element(name, ns, escapeXmlText(scalarText(ref, shape, value)));
    }
  }
}

/** One element around already-escaped content; empty content writes `<name/>` as renderXml does. */
function element(name: string, attributes: Record<string, string> | undefined, content: string): string {
  let open = '<' + name;
  if (attributes !== undefined) for (const k in attributes) open += ' ' + k + '="' + escapeXmlAttribute(attributes[k]!) + '"';
  // The tags are joined first so the rope has fewer pieces for Buffer.from to flatten.
  return content === '' ? open + '/>' : (open + '>') + content + ('</' + name + '>');
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
