// Delivery stream repository: one row per stream (destination JSON, encryption, tags, buffer counters) per account
// and region, on prepared statements; every mutation runs inside the caller's StateStore transaction.
import type { Statement } from 'better-sqlite3';
import type { DeliveryStreamEncryptionConfiguration, DirectPutSourceDescription, FailureDescription, Tag } from '../../generated/firehose/api.js';
import type { StateStore } from '../../store/state-store.js';
import { MIB } from './buffering.js';
import type { S3Destination } from './destination.js';

export interface Scope {
  account: string;
  region: string;
}

export interface Stream {
  account: string;
  region: string;
  name: string;
  id: number;
  type: string;
  /** DirectPutSourceConfiguration as given (its ThroughputHintInMBs), shown as Source.DirectPutSourceDescription. */
  source: DirectPutSourceDescription | undefined;
  versionId: number;
  destinationId: string;
  /** 'extended' for ExtendedS3DestinationConfiguration, 's3' for the older S3DestinationConfiguration. */
  destinationKind: 'extended' | 's3';
  destination: S3Destination;
  encryption: DeliveryStreamEncryptionConfiguration | undefined;
  failure: FailureDescription | undefined;
  tags: Tag[];
  createdAt: number;
  updatedAt: number;
  activeAt: number;
  bufferedBytes: number;
  bufferedRecords: number;
  oldestArrival: number | undefined;
  nextSeq: number;
}

interface StreamRow {
  account: string;
  region: string;
  name: string;
  stream_id: number;
  type: string;
  source: string | null;
  version_id: number;
  destination_id: string;
  destination_kind: string;
  destination: string;
  encryption: string | null;
  failure: string | null;
  tags: string;
  created_at: number;
  updated_at: number;
  active_at: number;
  buffered_bytes: number;
  buffered_records: number;
  oldest_arrival: number | null;
  next_seq: number;
}

const COLUMNS = `account, region, name, stream_id, type, source, version_id, destination_id, destination_kind, destination, encryption,
  failure, tags, created_at, updated_at, active_at, buffered_bytes, buffered_records, oldest_arrival, next_seq`;

export function streamArn(s: { account: string; region: string; name: string }): string {
  return `arn:aws:firehose:${s.region}:${s.account}:deliverystream/${s.name}`;
}

function fromRow(r: StreamRow): Stream {
  return {
    account: r.account,
    region: r.region,
    name: r.name,
    id: r.stream_id,
    type: r.type,
    source: r.source === null ? undefined : (JSON.parse(r.source) as DirectPutSourceDescription),
    versionId: r.version_id,
    destinationId: r.destination_id,
    destinationKind: r.destination_kind === 's3' ? 's3' : 'extended',
    destination: JSON.parse(r.destination) as S3Destination,
    encryption: r.encryption === null ? undefined : (JSON.parse(r.encryption) as DeliveryStreamEncryptionConfiguration),
    failure: r.failure === null ? undefined : (JSON.parse(r.failure) as FailureDescription),
    tags: JSON.parse(r.tags) as Tag[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    activeAt: r.active_at,
    bufferedBytes: r.buffered_bytes,
    bufferedRecords: r.buffered_records,
    oldestArrival: r.oldest_arrival ?? undefined,
    nextSeq: r.next_seq,
  };
}

type Key = [string, string, string];

export class StreamStore {
  private readonly stmts: {
    get: Statement<Key, StreamRow>;
    getById: Statement<[number], StreamRow>;
    count: Statement<[string, string], { n: number }>;
    nextId: Statement<[], { next: number }>;
    insert: Statement<unknown[]>;
    list: Statement<[string, string, string, number], { name: string; type: string }>;
    updateDestination: Statement<unknown[]>;
    setEncryption: Statement<[string | null, number, string, string, string]>;
    setFailure: Statement<[string | null, number]>;
    setTags: Statement<[string, string, string, string]>;
    delete: Statement<Key>;
    due: Statement<[{ now: number }], StreamRow>;
    withWork: Statement<[], { stream_id: number }>;
  };

  constructor(private readonly store: StateStore) {
    const db = store.db;
    this.stmts = {
      get: db.prepare(`SELECT ${COLUMNS} FROM firehose_streams WHERE account = ? AND region = ? AND name = ?`),
      getById: db.prepare(`SELECT ${COLUMNS} FROM firehose_streams WHERE stream_id = ?`),
      count: db.prepare('SELECT COUNT(*) AS n FROM firehose_streams WHERE account = ? AND region = ?'),
      nextId: db.prepare('SELECT COALESCE(MAX(stream_id), 0) + 1 AS next FROM firehose_streams'),
      insert: db.prepare(
        `INSERT INTO firehose_streams (account, region, name, stream_id, type, source, version_id, destination_id, destination_kind,
           destination, encryption, failure, tags, created_at, updated_at, active_at, size_limit, interval_ms,
           buffered_bytes, buffered_records, oldest_arrival, next_seq)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 0, 0, NULL, 1)`,
      ),
      list: db.prepare('SELECT name, type FROM firehose_streams WHERE account = ? AND region = ? AND name > ? ORDER BY name LIMIT +?'),
      updateDestination: db.prepare(
        `UPDATE firehose_streams SET destination = ?, destination_kind = ?, version_id = version_id + 1, updated_at = ?,
           size_limit = ?, interval_ms = ? WHERE account = ? AND region = ? AND name = ?`,
      ),
      setEncryption: db.prepare('UPDATE firehose_streams SET encryption = ?, updated_at = ? WHERE account = ? AND region = ? AND name = ?'),
      setFailure: db.prepare('UPDATE firehose_streams SET failure = ? WHERE stream_id = ?'),
      setTags: db.prepare('UPDATE firehose_streams SET tags = ? WHERE account = ? AND region = ? AND name = ?'),
      delete: db.prepare('DELETE FROM firehose_streams WHERE account = ? AND region = ? AND name = ?'),
      withWork: db.prepare(
        `SELECT stream_id FROM firehose_streams s WHERE s.oldest_arrival IS NOT NULL
           OR EXISTS (SELECT 1 FROM firehose_deliveries d WHERE d.stream_id = s.stream_id)`,
      ),
      // Streams whose buffer is full or whose oldest record has waited the interval; plus streams with a delivery due.
      due: db.prepare(
        `SELECT ${COLUMNS} FROM firehose_streams s WHERE (s.oldest_arrival IS NOT NULL AND (s.buffered_bytes >= s.size_limit
           OR s.oldest_arrival + s.interval_ms <= @now))
           OR EXISTS (SELECT 1 FROM firehose_deliveries d WHERE d.stream_id = s.stream_id AND d.next_attempt_at <= @now)`,
      ),
    };
  }

  get(scope: Scope, name: string): Stream | undefined {
    const row = this.stmts.get.get(scope.account, scope.region, name);
    return row === undefined ? undefined : fromRow(row);
  }

  getById(id: number): Stream | undefined {
    const row = this.stmts.getById.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  count(scope: Scope): number {
    return this.stmts.count.get(scope.account, scope.region)?.n ?? 0;
  }

  insert(
    scope: Scope,
    s: { name: string; type: string; source?: DirectPutSourceDescription | undefined; destinationId: string; destinationKind: 'extended' | 's3'; destination: S3Destination; encryption: DeliveryStreamEncryptionConfiguration | undefined; tags: Tag[]; now: number; activeAt: number },
  ): void {
    const id = this.stmts.nextId.get()?.next ?? 1;
    this.stmts.insert.run(
      scope.account, scope.region, s.name, id, s.type, s.source === undefined ? null : JSON.stringify(s.source), s.destinationId, s.destinationKind, JSON.stringify(s.destination),
      s.encryption === undefined ? null : JSON.stringify(s.encryption), JSON.stringify(s.tags), s.now, s.now, s.activeAt,
      s.destination.BufferingHints.SizeInMBs * MIB, s.destination.BufferingHints.IntervalInSeconds * 1000,
    );
  }

  /** Names after `after` in name order, at most `limit`, with their DeliveryStreamType. */
  list(scope: Scope, after: string, limit: number): { name: string; type: string }[] {
    return this.stmts.list.all(scope.account, scope.region, after, limit);
  }

  updateDestination(scope: Scope, name: string, kind: 'extended' | 's3', destination: S3Destination, now: number): void {
    this.stmts.updateDestination.run(
      JSON.stringify(destination), kind, now, destination.BufferingHints.SizeInMBs * MIB, destination.BufferingHints.IntervalInSeconds * 1000,
      scope.account, scope.region, name,
    );
  }

  setEncryption(scope: Scope, name: string, encryption: DeliveryStreamEncryptionConfiguration | undefined, now: number): void {
    this.stmts.setEncryption.run(encryption === undefined ? null : JSON.stringify(encryption), now, scope.account, scope.region, name);
  }

  setFailure(id: number, failure: FailureDescription | undefined): void {
    this.stmts.setFailure.run(failure === undefined ? null : JSON.stringify(failure), id);
  }

  setTags(scope: Scope, name: string, tags: Tag[]): void {
    this.stmts.setTags.run(JSON.stringify(tags), scope.account, scope.region, name);
  }

  delete(scope: Scope, name: string): void {
    this.stmts.delete.run(scope.account, scope.region, name);
  }

  /** Ids of streams with buffered records or a delivery in flight. */
  withWork(): number[] {
    return this.stmts.withWork.all().map((r) => r.stream_id);
  }

  /** Streams with work to do at `now`: a buffer to flush or a delivery whose next attempt is due. */
  due(now: number): Stream[] {
    return this.stmts.due.all({ now }).map(fromRow);
  }

  get transaction(): StateStore['transaction'] {
    return this.store.transaction.bind(this.store);
  }
}
