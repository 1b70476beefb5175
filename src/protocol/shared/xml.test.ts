// Tests for the shared XML writer and parser: escaping, attributes, order, repeated elements, entities.
// The query, ec2 and rest-xml codecs depend on these behaviours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childElements, childText, firstChild, parseXml, renderXml, xmlNode, XmlSyntaxError } from './xml.js';

test('renderXml escapes text and attributes and collapses empty elements', () => {
  const xml = renderXml(
    xmlNode('Root', [xmlNode('A', 'x < y & "z"\r'), xmlNode('B', ''), xmlNode('C', [], { id: 'a"b' })], { xmlns: 'urn:x' }),
    { declaration: true },
  );
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="UTF-8"?><Root xmlns="urn:x"><A>x &lt; y &amp; "z"&#xD;</A><B/><C id="a&quot;b"/></Root>',
  );
});

test('parseXml keeps order, repeated elements, attributes, whitespace text and entities', () => {
  const root = parseXml('<?xml version="1.0"?><R xmlns="urn:x"><I>1</I><J a="&amp;q"> sp </J><I>&#xD;&lt;2</I><K><![CDATA[<c>]]></K></R>');
  assert.equal(root.name, 'R');
  assert.equal(root.attributes['xmlns'], 'urn:x');
  assert.deepEqual(childElements(root).map((c) => c.name), ['I', 'J', 'I', 'K']);
  assert.deepEqual(childElements(root, 'I').map((c) => c.text), ['1', '\r<2']);
  assert.equal(firstChild(root, 'J')?.attributes['a'], '&q');
  assert.equal(childText(root, 'J'), ' sp ');
  assert.equal(childText(root, 'K'), '<c>');
});

test('parseXml reports local names without prefixes', () => {
  const root = parseXml('<x:R xmlns:x="urn:x"><x:A xsi:type="T" xmlns:xsi="urn:xsi"/></x:R>');
  assert.equal(root.localName, 'R');
  assert.equal(root.children[0]?.localName, 'A');
  assert.equal(root.children[0]?.attributes['xsi:type'], 'T');
});

test('parseXml rejects malformed documents', () => {
  assert.throws(() => parseXml('<a><b></a>'), XmlSyntaxError);
  assert.throws(() => parseXml('not xml'), XmlSyntaxError);
  assert.throws(() => parseXml(''), XmlSyntaxError);
});

test('a rendered tree parses back to the same text', () => {
  const text = 'tab\there & new\nline <ok>';
  const root = parseXml(renderXml(xmlNode('V', text)));
  assert.equal(root.text, text);
});
