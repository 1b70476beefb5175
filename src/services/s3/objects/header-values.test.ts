// response-* overrides never break the response: CR/LF are refused as InvalidArgument, text beyond Latin-1 is encoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/aws-error.js';
import { encodeContentDisposition, safeOverride } from './header-values.js';

test('CR, LF and other control characters in an override are InvalidArgument naming the parameter', () => {
  for (const value of ['text/plain\r\nX-Injected: 1', 'a\nb', 'a\u0000b']) {
    assert.throws(() => safeOverride('response-content-type', value),
      (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument' && e.status === 400 && e.fields['ArgumentName'] === 'response-content-type');
  }
});

test('Latin-1 values pass unchanged', () => {
  assert.equal(safeOverride('response-content-type', 'text/plain; charset=utf-8'), 'text/plain; charset=utf-8');
  assert.equal(safeOverride('response-content-disposition', 'attachment; filename="café.txt"'), 'attachment; filename="café.txt"');
});

test('a non-Latin-1 filename becomes RFC 6266 filename* with an ASCII fallback', () => {
  assert.equal(encodeContentDisposition('attachment; filename="日本.txt"'), `attachment; filename="__.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt`);
  assert.equal(safeOverride('response-content-disposition', 'inline; 日'), 'inline; %E6%97%A5');
});

test('other non-Latin-1 values are sent as an RFC 2047 encoded word', () => {
  assert.equal(safeOverride('response-content-language', '日本'), '=?UTF-8?B?5pel5pys?=');
});
