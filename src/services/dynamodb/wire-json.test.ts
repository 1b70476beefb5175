// Unit tests of the direct wire-JSON renderer: its text parses to exactly what JSON.stringify of the wire form gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapJson } from './wire-json.js';

test('mapJson renders every attribute type as the wire JSON, escaping names and strings', () => {
  const item = {
    's': { S: 'quote " and \\ and \n' }, 'n': { N: '-1.5E+3' }, 'b': { B: new Uint8Array([0, 255]) }, 't': { BOOL: true },
    'f': { BOOL: false }, 'z': { NULL: true as const }, 'l': { L: [{ N: '1' }, { M: { 'k"': { S: 'v' } } }] },
    'ss': { SS: ['a', 'é'] }, 'ns': { NS: ['1', '2'] }, 'bs': { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] }, '__proto__x': { S: '' },
  };
  assert.deepEqual(JSON.parse(mapJson(item)), {
    s: { S: 'quote " and \\ and \n' }, n: { N: '-1.5E+3' }, b: { B: 'AP8=' }, t: { BOOL: true }, f: { BOOL: false }, z: { NULL: true },
    l: { L: [{ N: '1' }, { M: { 'k"': { S: 'v' } } }] }, ss: { SS: ['a', 'é'] }, ns: { NS: ['1', '2'] }, bs: { BS: ['AQ==', 'AgM='] }, '__proto__x': { S: '' },
  });
  assert.equal(mapJson({}), '{}');
});
