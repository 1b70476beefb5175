// Table-driven tests of the 21 WAF text transformations and their Priority order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSFORMS, transform } from './transforms.js';

const CASES: [keyof typeof TRANSFORMS, string, string][] = [
  ['NONE', 'A b', 'A b'],
  ['COMPRESS_WHITE_SPACE', 'a \t\n b', 'a b'],
  ['HTML_ENTITY_DECODE', '&lt;a&gt; &#65;&#x42; &quot;', '<a> AB "'],
  ['LOWERCASE', 'SeLeCT', 'select'],
  ['CMD_LINE', 'C^Md.exe /c "Dir"', 'cmd.exe/c dir'],
  ['URL_DECODE', '%3Cscript%3E+x', '<script> x'],
  ['BASE64_DECODE', 'aGVsbG8=', 'hello'],
  ['HEX_DECODE', '68656c6c6f', 'hello'],
  ['MD5', '', Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex').toString('latin1')],
  ['REPLACE_COMMENTS', 'UN/**/ION', 'UN ION'],
  ['ESCAPE_SEQ_DECODE', '\\x41\\n\\101', 'A\nA'],
  ['SQL_HEX_DECODE', '0x414243', 'ABC'],
  ['CSS_DECODE', 'ja\\76 ascript', 'javascript'],
  ['JS_DECODE', '\\u0061\\x62', 'ab'],
  ['NORMALIZE_PATH', '/a//b/./c/../d', '/a/b/d'],
  ['NORMALIZE_PATH_WIN', '\\a\\..\\b', '/b'],
  ['REMOVE_NULLS', 'a\0b', 'ab'],
  ['REPLACE_NULLS', 'a\0b', 'a b'],
  ['BASE64_DECODE_EXT', 'aGV$sbG8', 'hello'],
  ['URL_DECODE_UNI', '%u0041%41', 'AA'],
  ['UTF8_TO_UNICODE', 'aé', 'a%u00e9'],
];

test('each text transformation does what the developer guide describes', () => {
  assert.equal(CASES.length, 21);
  for (const [type, input, want] of CASES) assert.equal(TRANSFORMS[type](input), want, type);
});

test('transformations run in ascending Priority', () => {
  assert.equal(transform('%3C', [{ Priority: 2, Type: 'LOWERCASE' }, { Priority: 1, Type: 'URL_DECODE' }]), '<');
  assert.equal(transform('%4A', [{ Priority: 1, Type: 'URL_DECODE' }, { Priority: 2, Type: 'LOWERCASE' }]), 'j');
});
