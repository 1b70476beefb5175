// Unit tests of the utliupdt/utligen parameter-card format: parse, DEF…DEFEND lists, errors with line numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCards, parseCards } from './cards.js';
import { validate } from './definitions.js';

const CARDS = `# sample
SNDFILE=FILE01
FILENAME=/data/out/file01.txt
GRPID=GRP01
END
GRP=GRP01
SERVER DEF
host1
host2
DEFEND
END
`;

test('cards parse into definitions and format back after validation', () => {
  const defs = parseCards(CARDS).map(validate);
  assert.equal(defs.length, 2);
  assert.deepEqual(defs[1]!.list, ['host1', 'host2']);
  const again = parseCards(formatCards(defs)).map(validate);
  assert.deepEqual(again, defs);
});

test('a malformed card names its line', () => {
  assert.throws(() => parseCards('FILENAME=/x\nEND\n'), /line 1/);
  assert.throws(() => parseCards('SNDFILE=A\nnonsense\nEND\n'), /line 2: expected TAG=value/);
  assert.throws(() => parseCards('SNDFILE=A\n'), /no END/);
});

test('format and multi-format information cards carry their FORMAT DEF lists and are validated', () => {
  const cards = 'FMT=CUST\nFORMAT DEF\nID,,5,0,9\nNAME,,10,0,X\nDEFEND\nEND\nMFMT=ORD\nKEYPOS=1\nKEYLEN=1\nDEFAULTFMT=CUST\nFORMAT DEF\nH,HDR\nDEFEND\nEND\n';
  const defs = parseCards(cards).map(validate);
  assert.deepEqual(defs.map((d) => [d.kind, d.id, d.list]), [['fmt', 'CUST', ['ID,,5,0,9', 'NAME,,10,0,X']], ['mfmt', 'ORD', ['H,HDR']]]);
  assert.equal(formatCards(defs), cards);
  assert.throws(() => validate({ kind: 'fmt', id: 'BAD', fields: {}, list: ['A,1,4,0,X', 'B,2,2,0,X'] }), /fields A and B overlap/);
  assert.throws(() => validate({ kind: 'mfmt', id: 'BAD', fields: { KEYPOS: '1', KEYLEN: '1', DEFAULTFMT: 'X' }, list: ['AB,HDR'] }), /longer than KEYLEN/);
});
