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
