// ImportTable from kumo's S3 (in process): the new table is created CREATING at once, the objects under the prefix
// are read by a task on the runtime clock, and DescribeImport/ListImports report status and counts as AWS does.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AwsError, isAwsError, notImplemented } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  DescribeImportOutput,
  ImportSummary,
  ImportTableDescription,
  ImportTableInput,
  ImportTableOutput,
  ListImportsInput,
  ListImportsOutput,
} from '../../generated/dynamodb/api.js';
import { itemSize, MAX_ITEM_BYTES } from './attribute-value.js';
import { runtimeOf, type DynamodbContext, type DynamoDeps } from './context.js';
import { decompress, parseCsv, parseDynamodbJson, type SourceRecord } from './import-formats.js';
import { parseIon } from './import-ion.js';
import { checkIndexKeys } from './item-store.js';
import { keyOfItem } from './keys.js';
import { managedKmsKeyArn, tableArn } from './table-operations.js';
import { validateCreateTable } from './table-schema.js';
import type { TableRecord, TableSettings } from './table-store.js';

/** Clock time between ImportTable's answer and the import's run (AWS takes minutes; tests advance the clock). */
export const IMPORT_START_DELAY_MS = 1_000;
/** Items written per SQLite transaction while importing. */
const ITEMS_PER_COMMIT = 1_000;

interface ImportRow {
  arn: string;
  table_arn: string;
  status: string;
  client_token: string | null;
  request_hash: string;
  description: string;
}

function load(row: ImportRow): ImportTableDescription {
  const d = JSON.parse(row.description) as ImportTableDescription & Record<string, unknown>;
  for (const k of ['StartTime', 'EndTime'] as const) if (typeof d[k] === 'string') d[k] = new Date(d[k]);
  return d;
}

function save(deps: DynamoDeps, scope: Scope, d: ImportTableDescription, createdAt: number, hash: string): void {
  deps.store.db
    .prepare(`INSERT OR REPLACE INTO dynamodb_imports (account, region, arn, table_arn, created_at, status, client_token, request_hash, description)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(scope.account, scope.region, d.ImportArn, d.TableArn, createdAt, d.ImportStatus, d.ClientToken ?? null, hash, JSON.stringify(d));
}

function getRow(deps: DynamoDeps, scope: Scope, arn: string): (ImportRow & { created_at: number }) | undefined {
  return deps.store.db.prepare<[string, string, string], ImportRow & { created_at: number }>(
    'SELECT * FROM dynamodb_imports WHERE account = ? AND region = ? AND arn = ?',
  ).get(scope.account, scope.region, arn);
}

function requestHash(input: ImportTableInput): string {
  const { ClientToken: _t, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export function importTable(deps: DynamodbContext, scope: Scope, input: ImportTableInput): ImportTableOutput {
  if (!deps.invoke || !deps.schedule) throw notImplemented('dynamodb', 'ImportTable', 'import without the S3 service');
  const p = input.TableCreationParameters;
  const hash = requestHash(input);
  if (input.ClientToken !== undefined) {
    const prior = deps.store.db.prepare<[string, string, string], ImportRow>(
      'SELECT * FROM dynamodb_imports WHERE account = ? AND region = ? AND client_token = ?',
    ).get(scope.account, scope.region, input.ClientToken);
    if (prior && prior.request_hash === hash) return { ImportTableDescription: load(prior) };
    if (prior) {
      // The API reference's description of ImportConflictException.
      throw new AwsError('ImportConflictException', 'There was a conflict when importing from the specified S3 source. This can occur when the current import conflicts with a previous import request that had the same client token.', { status: 400 });
    }
  }
  const schema = validateCreateTable({
    TableName: p.TableName, KeySchema: p.KeySchema, AttributeDefinitions: p.AttributeDefinitions, BillingMode: p.BillingMode,
    ProvisionedThroughput: p.ProvisionedThroughput, GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
  });
  const now = deps.clock.now();
  const settings: TableSettings = { arn: tableArn(scope, schema.name), deletionProtection: false, tags: [] };
  if (p.SSESpecification?.Enabled) settings.sseSpecification = { ...p.SSESpecification, KMSMasterKeyId: p.SSESpecification.KMSMasterKeyId ?? managedKmsKeyArn(scope) };
  if (p.OnDemandThroughput) settings.onDemandThroughput = { ...p.OnDemandThroughput };
  const rec: TableRecord = { id: randomUUID(), name: schema.name, status: 'CREATING', createdAt: now, meta: { schema, settings } };
  const id = `${String(now).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
  const d: ImportTableDescription = {
    ImportArn: `${settings.arn}/import/${id}`, ImportStatus: 'IN_PROGRESS', TableArn: settings.arn, TableId: rec.id,
    S3BucketSource: { ...input.S3BucketSource }, ErrorCount: 0, InputFormat: input.InputFormat,
    InputCompressionType: input.InputCompressionType ?? 'NONE', TableCreationParameters: p, StartTime: new Date(now),
    ProcessedSizeBytes: 0, ProcessedItemCount: 0, ImportedItemCount: 0,
  };
  if (input.ClientToken !== undefined) d.ClientToken = input.ClientToken;
  if (input.InputFormatOptions !== undefined) d.InputFormatOptions = input.InputFormatOptions;
  deps.store.transaction(() => {
    if (deps.tables.get(scope, schema.name)) throw new AwsError('ResourceInUseException', `Table already exists: ${schema.name}`, { status: 400 });
    deps.tables.insert(scope, rec);
    save(deps, scope, d, now, hash);
  });
  scheduleImport(deps, scope, d.ImportArn!, IMPORT_START_DELAY_MS);
  return { ImportTableDescription: d };
}

export function scheduleImport(deps: DynamodbContext, scope: Scope, arn: string, delayMs: number): void {
  deps.schedule?.(`dynamodb.import`, delayMs, () => runImport(deps, scope, arn));
}

/** Imports still running when kumo stopped start again from the beginning (puts are idempotent; counts restart). */
export function resumeImports(deps: DynamodbContext): void {
  const rows = deps.store.db.prepare<[], { account: string; region: string; arn: string }>(
    "SELECT account, region, arn FROM dynamodb_imports WHERE status = 'IN_PROGRESS'",
  ).all();
  for (const r of rows) scheduleImport(deps, { account: r.account, region: r.region }, r.arn, IMPORT_START_DELAY_MS);
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Buffer | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

interface Counts { processed: number; errors: number; bytes: number }

/** Writes one object's records; bad records (no or mistyped key, bad index key, too large) count as errors. */
function writeRecords(deps: DynamoDeps, scope: Scope, rec: TableRecord, records: readonly SourceRecord[], counts: Counts): void {
  const runtime = runtimeOf(rec);
  for (let i = 0; i < records.length; i += ITEMS_PER_COMMIT) {
    deps.store.transaction(() => {
      for (const r of records.slice(i, i + ITEMS_PER_COMMIT)) {
        counts.processed++;
        if ('error' in r) {
          counts.errors++;
          continue;
        }
        try {
          const key = keyOfItem(runtime.schema.key, r.item);
          checkIndexKeys(runtime, r.item);
          if (itemSize(r.item) > MAX_ITEM_BYTES) throw new Error('Item size has exceeded the maximum allowed size');
          // Items sharing a key overwrite one another and are not errors (developer guide, import validation).
          deps.items.put(scope, runtime, key, r.item, deps.items.get(scope, runtime, key));
        } catch {
          counts.errors++;
        }
      }
    });
  }
}

class ImportFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

async function readSource(deps: DynamodbContext, scope: Scope, d: ImportTableDescription, rec: TableRecord, counts: Counts): Promise<void> {
  const invoke = deps.invoke!;
  const { S3Bucket: bucket, S3KeyPrefix: prefix } = d.S3BucketSource!;
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await invoke('s3', 'ListObjectsV2', scope, { Bucket: bucket, ...(prefix ? { Prefix: prefix } : {}), ...(token ? { ContinuationToken: token } : {}) }) as
      { Contents?: { Key?: string }[]; NextContinuationToken?: string; IsTruncated?: boolean };
    for (const o of page.Contents ?? []) if (o.Key !== undefined && !o.Key.endsWith('/')) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (keys.length === 0) throw new ImportFailure('NoSuchKey', `No objects found in s3://${bucket}/${prefix ?? ''}`);
  const types = new Map(rec.meta.schema.attributeDefinitions.map((a) => [a.AttributeName, a.AttributeType]));
  const csv = d.InputFormatOptions?.Csv;
  for (const key of keys) {
    const got = await invoke('s3', 'GetObject', scope, { Bucket: bucket, Key: key }) as { Body?: unknown };
    let raw: Buffer;
    try {
      raw = await decompress(await bodyBytes(got.Body), (d.InputCompressionType ?? 'NONE'));
      counts.bytes += raw.length;
    } catch {
      // An object that does not decompress cannot form items: one error, the rest of it skipped (developer guide).
      counts.errors++;
      continue;
    }
    const records = d.InputFormat === 'CSV' ? parseCsv(raw.toString('utf8'), { delimiter: csv?.Delimiter, headerList: csv?.HeaderList }, types)
      : d.InputFormat === 'ION' ? parseIon(raw) : parseDynamodbJson(raw.toString('utf8'));
    writeRecords(deps, scope, rec, records, counts);
  }
}

/** The import task: reads every object, then marks the table ACTIVE and the import COMPLETED (or FAILED, table dropped). */
export async function runImport(deps: DynamodbContext, scope: Scope, arn: string): Promise<void> {
  const row = getRow(deps, scope, arn);
  if (!row || row.status !== 'IN_PROGRESS') return;
  const d = load(row);
  const name = d.TableCreationParameters!.TableName;
  const rec = deps.tables.get(scope, name);
  if (!rec || rec.id !== d.TableId) return;
  const counts: Counts = { processed: 0, errors: 0, bytes: 0 };
  try {
    await readSource(deps, scope, d, rec, counts);
    deps.store.transaction(() => {
      const current = deps.tables.get(scope, name);
      if (current?.id === rec.id) deps.tables.update(scope, name, 'ACTIVE', current.meta);
      Object.assign(d, {
        ImportStatus: 'COMPLETED', EndTime: new Date(deps.clock.now()), ErrorCount: counts.errors, ProcessedItemCount: counts.processed,
        ProcessedSizeBytes: counts.bytes, ImportedItemCount: deps.tables.stats(scope, name).itemCount,
      });
      save(deps, scope, d, row.created_at, row.request_hash);
    });
  } catch (e) {
    const failure = e instanceof ImportFailure ? e : isAwsError(e) ? new ImportFailure(e.code, e.message) : undefined;
    if (!failure) throw e;
    // A failed import leaves no table behind.
    deps.store.transaction(() => {
      const current = deps.tables.get(scope, name);
      if (current?.id === rec.id) {
        deps.items.dropTable(scope, rec.id);
        deps.tables.delete(scope, name);
      }
      Object.assign(d, {
        ImportStatus: 'FAILED', EndTime: new Date(deps.clock.now()), ErrorCount: counts.errors, ProcessedItemCount: counts.processed,
        ProcessedSizeBytes: counts.bytes, ImportedItemCount: 0, FailureCode: failure.code, FailureMessage: failure.message,
      });
      save(deps, scope, d, row.created_at, row.request_hash);
    });
  }
}

export function describeImport(deps: DynamoDeps, scope: Scope, arn: string): DescribeImportOutput {
  const row = getRow(deps, scope, arn);
  if (!row) throw new AwsError('ImportNotFoundException', `Import not found: ${arn}`, { status: 400 });
  return { ImportTableDescription: load(row) };
}

export function listImports(deps: DynamoDeps, scope: Scope, input: ListImportsInput): ListImportsOutput {
  const rows = deps.store.db.prepare<[string, string], ImportRow>(
    'SELECT * FROM dynamodb_imports WHERE account = ? AND region = ? ORDER BY created_at, arn',
  ).all(scope.account, scope.region).filter((r) => input.TableArn === undefined || r.table_arn === input.TableArn);
  const start = input.NextToken === undefined ? 0 : Math.max(0, rows.findIndex((r) => r.arn === Buffer.from(input.NextToken!, 'base64url').toString()) + 1);
  const limit = input.PageSize ?? 25;
  const page = rows.slice(start, start + limit);
  const out: ListImportsOutput = {
    ImportSummaryList: page.map((r) => {
      const d = load(r);
      const s: ImportSummary = { ImportArn: d.ImportArn!, ImportStatus: d.ImportStatus!, TableArn: d.TableArn!, S3BucketSource: d.S3BucketSource!, InputFormat: d.InputFormat!, StartTime: d.StartTime! };
      if (d.EndTime) s.EndTime = d.EndTime;
      return s;
    }),
  };
  if (start + limit < rows.length) out.NextToken = Buffer.from(page[page.length - 1]!.arn).toString('base64url');
  return out;
}
