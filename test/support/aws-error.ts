// The one assertion service tests use for AWS errors: the code, the HTTP status and, when given, the message, as
// the SDK v3 client surfaces them ($metadata.httpStatusCode), so a wrong status can never pass unnoticed.
import assert from 'node:assert/strict';

export interface ExpectedAwsError {
  code: string;
  status: number;
  message?: string | RegExp;
}

/** Awaits `promise`, which must reject with an SDK error of this code and status (and message). Returns the error. */
export async function assertAwsError(promise: Promise<unknown>, expected: ExpectedAwsError): Promise<Error & Record<string, unknown>> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, `expected ${expected.code} (${expected.status}), but the call succeeded`);
  const e = caught as Error & { name: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.Code ?? e.name;
  assert.equal(code, expected.code, `error code (message: ${e.message})`);
  assert.equal(e.$metadata?.httpStatusCode, expected.status, `HTTP status of ${code}`);
  if (typeof expected.message === 'string') assert.equal(e.message, expected.message);
  else if (expected.message) assert.match(e.message, expected.message);
  return e as Error & Record<string, unknown>;
}
