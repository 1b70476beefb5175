import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsError } from '../../../core/aws-error.js';
import { checkContentMd5 } from './content-md5.js';

const body = Buffer.from('<Delete><Object><Key>k</Key></Object></Delete>');
const md5 = createHash('md5').update(body).digest('base64');

function codeOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e.code;
  }
  return 'none';
}

test('a matching Content-MD5 passes and an absent one is not required', () => {
  assert.equal(codeOf(() => checkContentMd5(md5, body)), 'none');
  assert.equal(codeOf(() => checkContentMd5(undefined, body)), 'none');
});

test('a malformed Content-MD5 is InvalidDigest and a wrong one BadDigest with the expected digest in hex', () => {
  for (const bad of ['__invalid__', '000', 'MTIz', 'dGVzdC1zdHJpbmc=']) assert.equal(codeOf(() => checkContentMd5(bad, body)), 'InvalidDigest');
  const wrong = Buffer.alloc(16, 1);
  try {
    checkContentMd5(wrong.toString('base64'), body);
    assert.fail('expected BadDigest');
  } catch (e) {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'BadDigest');
    assert.equal(e.fields['ExpectedDigest'], wrong.toString('hex'));
    assert.equal(e.fields['CalculatedDigest'], md5);
  }
});
