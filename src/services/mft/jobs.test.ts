// Unit tests of job-variable substitution and sequential command execution with the first failure stopping the job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommands, substitute } from './jobs.js';

test('$MSGL0 is not read as $MSG followed by L0, and unknown $NAMES stay', () => {
  assert.equal(substitute('echo $MSGL0 $MSG0 $FILEID $OTHER', { MSG0: 'a', MSGL0: 'long', FILEID: 'F1' }), 'echo long a F1 $OTHER');
});

test('commands run in order and the first non-zero exit stops the job', async () => {
  assert.equal(await runCommands(['true', 'exit 3', 'exit 4'], {}, '/'), 3);
  assert.equal(await runCommands(['test "$FILEID" = F1'], { FILEID: 'F1' }, '/'), 0);
});
