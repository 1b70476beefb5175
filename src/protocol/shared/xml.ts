// XML for the query, ec2 and rest-xml codecs: a tiny writer (nodes → escaped text) and a parser wrapper on
// fast-xml-parser that yields an ordered element tree. Both share one node shape so a parsed tree can be re-written.
//
// API (kept small and stable; other codecs import it):
//   interface XmlNode { name; attributes?; children?; text? }     a node to write (name may carry a prefix, "xsi:type")
//   xmlNode(name, content?, attributes?) → XmlNode                content: string (text) or XmlNode[] (children)
//   renderXml(root, { declaration? }) → string                     escaped XML; declaration adds <?xml version="1.0" encoding="UTF-8"?>
//   escapeXmlText(s) / escapeXmlAttribute(s) → string
//   interface XmlElement { name; localName; attributes; children; text }   a parsed element (all fields present)
//   parseXml(text: string | Buffer) → XmlElement                   the root; throws XmlSyntaxError when not well-formed
//                                                                  (DOCTYPE entities are never expanded)
//   childElements(el, localName?) / firstChild(el, localName) / childText(el, localName)   lookups by local name
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A node to write. `text` is written escaped; `children` follow it. Attribute values are escaped too. */
export interface XmlNode {
  name: string;
  attributes?: Record<string, string>;
  children?: XmlNode[];
  text?: string;
}

/** Builds a node: `xmlNode('Key', 'a.txt')`, `xmlNode('Tagging', [xmlNode('TagSet', [...])], { xmlns: NS })`. */
export function xmlNode(name: string, content?: string | XmlNode[], attributes?: Record<string, string>): XmlNode {
  const node: XmlNode = { name };
  if (typeof content === 'string') node.text = content;
  else if (content !== undefined) node.children = content;
  if (attributes !== undefined) node.attributes = attributes;
  return node;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Escapes element text. Besides & < >, carriage returns and other control characters are written as
 * character references so they survive a parser's line-ending normalisation (botocore's vectors expect &#xD;).
 */
const TEXT_SPECIALS = /[&<>\r\u0085\u2028]/;
const TEXT_SPECIALS_ALL = /[&<>\r\u0085\u2028]/g;

export function escapeXmlText(value: string): string {
  // Most text (keys, ids, dates, numbers) needs no escaping; testing first skips the replace machinery.
  return TEXT_SPECIALS.test(value) ? value.replace(TEXT_SPECIALS_ALL, (c) => ENTITY[c] ?? c) : value;
}

export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"'\r\n\t]/g, (c) => ENTITY[c] ?? c);
}

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
  '\n': '&#xA;',
  '\t': '&#x9;',
  '\u0085': '&#x85;',
  '\u2028': '&#x2028;',
};

/** Writes a node tree compactly (no indentation: AWS responses carry none that matters). */
export function renderXml(root: XmlNode, options: { declaration?: boolean } = {}): string {
  const body = writeNode(root);
  return options.declaration ? XML_DECLARATION + body : body;
}

// String concatenation, not an array of parts: V8 builds ropes cheaply, and a 1,000-key listing writes ~10,000 nodes.
function writeNode(node: XmlNode): string {
  let out = '<' + node.name;
  const attributes = node.attributes;
  if (attributes) {
    for (const k in attributes) out += ' ' + k + '="' + escapeXmlAttribute(attributes[k]!) + '"';
  }
  const text = node.text;
  const children = node.children;
  const hasText = text !== undefined && text !== '';
  if (!hasText && (children === undefined || children.length === 0)) return out + '/>';
  out += '>';
  if (hasText) out += escapeXmlText(text);
  if (children) for (const child of children) out += writeNode(child);
  return out + '</' + node.name + '>';
}

/** A parsed element. `name` is as written (may have a prefix); `localName` drops it. `text` joins direct text and CDATA. */
export interface XmlElement {
  name: string;
  localName: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const TEXT = '#text';
const CDATA = '#cdata';
const ATTRS = ':@';

// Entities are decoded here rather than by fast-xml-parser so numeric references (&#xD;) work and DOCTYPE
// entities (an XXE vector) are never expanded.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
});

/** Parses a document and returns its root element. Throws XmlSyntaxError when it is not well-formed. */
export function parseXml(input: string | Buffer): XmlElement {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw new XmlSyntaxError(`${verdict.err.msg} (line ${verdict.err.line}, col ${verdict.err.col})`);
  const nodes: unknown = parser.parse(text);
  const roots = Array.isArray(nodes) ? nodes.map(toElement).filter((e): e is XmlElement => e !== undefined) : [];
  const root = roots[0];
  if (!root || roots.length > 1) throw new XmlSyntaxError('expected exactly one root element');
  return root;
}

function toElement(raw: unknown): XmlElement | undefined {
  if (!isRecord(raw)) return undefined;
  const name = Object.keys(raw).find((k) => k !== ATTRS && k !== TEXT && k !== CDATA);
  if (name === undefined) return undefined;
  const attributes: Record<string, string> = {};
  const rawAttrs = raw[ATTRS];
  if (isRecord(rawAttrs)) {
    for (const [k, v] of Object.entries(rawAttrs)) attributes[k] = decodeEntities(String(v));
  }
  const children: XmlElement[] = [];
  let text = '';
  const content = raw[name];
  for (const item of Array.isArray(content) ? content : []) {
    if (!isRecord(item)) continue;
    if (TEXT in item) text += decodeEntities(String(item[TEXT]));
    else if (CDATA in item) text += cdataText(item[CDATA]);
    else {
      const child = toElement(item);
      if (child) children.push(child);
    }
  }
  return { name, localName: localNameOf(name), attributes, children, text };
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value.map((v) => (isRecord(v) && TEXT in v ? String(v[TEXT]) : '')).join('');
}

function localNameOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(Number.parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith('#')) return safeCodePoint(Number.parseInt(ref.slice(1), 10)) ?? whole;
    return NAMED[ref] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Child elements, optionally only those with the given local name. */
export function childElements(el: XmlElement, localName?: string): XmlElement[] {
  return localName === undefined ? el.children : el.children.filter((c) => c.localName === localName);
}

export function firstChild(el: XmlElement, localName: string): XmlElement | undefined {
  return el.children.find((c) => c.localName === localName);
}

export function childText(el: XmlElement, localName: string): string | undefined {
  return firstChild(el, localName)?.text;
}
