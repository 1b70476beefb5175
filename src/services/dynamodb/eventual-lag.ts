// Opt-in eventual consistency (KUMO_DYNAMODB_EVENTUAL_LAG_MS): remembers, in memory, each item's version before
// every write of the last `lagMs`, so eventually consistent reads and GSI queries see the table as it was
// `lagMs` ago; strongly consistent reads and transactions read the store directly and never lag.
import type { Clock } from '../../core/clock.js';
import type { StoredItem } from './item-store.js';
import type { EncodedKey } from './keys.js';

interface Change {
  readonly at: number;
  readonly before: StoredItem | undefined;
}

export interface RecentChange {
  readonly key: EncodedKey;
  /** The version visible to a lagging read (undefined: the item did not exist then). */
  readonly visible: StoredItem | undefined;
}

export function keyId(key: EncodedKey): string {
  return `${key.pk.toString('base64')}/${key.sk.toString('base64')}`;
}

export class LagLog {
  private readonly tables = new Map<string, Map<string, { key: EncodedKey; changes: Change[] }>>();
  private writesSinceSweep = 0;

  constructor(
    readonly lagMs: number,
    private readonly clock: Clock,
  ) {}

  /**
   * Called for every item write, inside the write's transaction. Recording a write that then rolls back is
   * harmless: its `before` is the state that stays committed.
   */
  record(tableId: string, key: EncodedKey, before: StoredItem | undefined): void {
    const now = this.clock.now();
    let table = this.tables.get(tableId);
    if (!table) {
      table = new Map();
      this.tables.set(tableId, table);
    }
    const id = keyId(key);
    const entry = table.get(id) ?? { key, changes: [] };
    this.prune(entry.changes, now);
    entry.changes.push({ at: now, before });
    table.set(id, entry);
    if (++this.writesSinceSweep >= 1000) this.sweep(now);
  }

  /** Drops changes older than the window everywhere, so memory holds only the last `lagMs` of writes. */
  private sweep(now: number): void {
    this.writesSinceSweep = 0;
    for (const [tableId, table] of this.tables) {
      for (const [id, entry] of table) {
        this.prune(entry.changes, now);
        if (entry.changes.length === 0) table.delete(id);
      }
      if (table.size === 0) this.tables.delete(tableId);
    }
  }

  private prune(changes: Change[], now: number): void {
    const horizon = now - this.lagMs;
    while (changes.length > 0 && changes[0]!.at <= horizon) changes.shift();
  }

  /** The version of one item a lagging read sees, given the current one. */
  visible(tableId: string, key: EncodedKey, current: StoredItem | undefined): StoredItem | undefined {
    const entry = this.tables.get(tableId)?.get(keyId(key));
    if (!entry) return current;
    this.prune(entry.changes, this.clock.now());
    const first = entry.changes[0];
    return first ? first.before : current;
  }

  /** Items of a table written within the lag window, with the version a lagging read sees. */
  recent(tableId: string): RecentChange[] {
    const table = this.tables.get(tableId);
    if (!table) return [];
    const now = this.clock.now();
    const out: RecentChange[] = [];
    for (const [id, entry] of table) {
      this.prune(entry.changes, now);
      const first = entry.changes[0];
      if (!first) table.delete(id);
      else out.push({ key: entry.key, visible: first.before });
    }
    return out;
  }
}

/** A lagging read of one item (GetItem, BatchGetItem): the old version while a recent write is in flight. */
export function laggedItem(log: LagLog | undefined, tableId: string, key: EncodedKey, current: StoredItem | undefined): StoredItem | undefined {
  return log ? log.visible(tableId, key, current) : current;
}
