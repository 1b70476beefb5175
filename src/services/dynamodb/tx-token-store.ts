// Repository for TransactWriteItems ClientRequestToken idempotency: a token remembers the hash of the request that
// used it for 10 minutes, so a retry is acknowledged without re-applying and a different request is refused.
import type Database from 'better-sqlite3';
import type { Scope } from '../../core/request-context.js';

export const TOKEN_TTL_MS = 10 * 60 * 1000;

/** Expired tokens are purged every this many transactions (an index range delete, off the per-call path). */
const PURGE_EVERY = 100;

export class TxTokenStore {
  private readonly stmts;
  private sincePurge = 0;

  constructor(db: Database.Database) {
    this.stmts = {
      get: db.prepare<[string, string, string, number], { request_hash: string }>(
        'SELECT request_hash FROM dynamodb_tx_tokens WHERE account = ? AND region = ? AND token = ? AND created_at > ?',
      ),
      put: db.prepare(
        `INSERT INTO dynamodb_tx_tokens (account, region, token, request_hash, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account, region, token) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at`,
      ),
      expire: db.prepare('DELETE FROM dynamodb_tx_tokens WHERE created_at <= ?'),
    };
  }

  /** The request hash recorded for a live token, if any. */
  lookup(scope: Scope, token: string, now: number): string | undefined {
    return this.stmts.get.get(scope.account, scope.region, token, now - TOKEN_TTL_MS)?.request_hash;
  }

  remember(scope: Scope, token: string, requestHash: string, now: number): void {
    if (++this.sincePurge >= PURGE_EVERY) {
      this.sincePurge = 0;
      this.stmts.expire.run(now - TOKEN_TTL_MS);
    }
    this.stmts.put.run(scope.account, scope.region, token, requestHash, now);
  }
}
