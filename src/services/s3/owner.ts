// S3's canonical user id for an account: what S3 shows as Owner.ID in listings, ACLs and event records.
// Its own module so that the notifier and the state can both use it without importing each other.
import { createHash } from 'node:crypto';

/** The canonical user id S3 shows as Owner.ID: 64 hex characters, stable per account. */
export function canonicalUserId(account: string): string {
  return createHash('sha256').update(`kumo-s3-owner:${account}`).digest('hex');
}
