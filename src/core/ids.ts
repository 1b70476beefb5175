// Identifier generators in AWS's formats: request ids (UUID v4), S3's host id, random alphanumerics.
// Kept in one place so tests can see what shape each id has.
import { randomBytes, randomUUID } from 'node:crypto';

export function requestId(): string {
  return randomUUID();
}

/** S3's x-amz-id-2: an opaque base64 token. Built from randomUUID, which draws on a cached entropy pool,
 *  instead of a fresh randomBytes call per response. */
export function hostId(): string {
  return Buffer.from(`${randomUUID()}${randomUUID()}`.replaceAll('-', ''), 'hex').toString('base64');
}

const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Upper-case alphanumerics, as in IAM unique ids (AIDA…, AROA…) and access keys. */
export function randomUpperAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM_UPPER[bytes[i]! % ALNUM_UPPER.length];
  return out;
}
