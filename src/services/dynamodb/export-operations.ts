// ExportTableToPointInTime (FULL_EXPORT and INCREMENTAL_EXPORT, DYNAMODB_JSON) into kumo's S3 in process, laid out as
// AWS does under <prefix>/AWSDynamoDB/<export-id>/ (manifest-summary.json, manifest-files.json; data/*.json.gz for a
// full export, the shared <prefix>/AWSDynamoDB/data/ for an incremental one), plus
// DescribeExport and ListExports. Source: DynamoDB developer guide, "DynamoDB table export output format".
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { AwsError, isAwsError, notImplemented } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  DescribeExportOutput,
  ExportDescription,
  ExportTableToPointInTimeInput,
  ExportTableToPointInTimeOutput,
  ListExportsInput,
  ListExportsOutput,
} from '../../generated/dynamodb/api.js';
import { tableNameOf, type DynamoDeps } from './context.js';
import { decodeItem } from './item-codec.js';
import { ionItemLine } from './export-ion.js';
import { checkExportType, incrementalRecords, incrementalWindow, MIN_BILLED_BYTES } from './incremental-export.js';
import { pitrWindow } from './settings-operations.js';

/** In-process calls to other services (S3 PutObject); absent when DynamoDB runs alone in a unit harness. */
export type InternalInvoke = (service: string, operation: string, scope: Scope, input: Record<string, unknown>) => Promise<unknown>;

/** Items per data file (AWS splits an export into many gzip files; kumo uses one per 10,000 items). */
const ITEMS_PER_FILE = 10_000;

/** JSON.stringify replacer: binaries as base64 (read from the holder, before Buffer#toJSON runs). */
function binaryAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
}

/** One item as a line of the DYNAMODB_JSON format: `{"Item":{...}}` with AttributeValues in wire form. */
function itemLine(stored: string): string {
  const wire = JSON.stringify(decodeItem(stored), binaryAsBase64);
  return `{"Item":${wire}}\n`;
}

interface ExportRow {
  arn: string;
  description: string;
}

function exportNotFound(arn: string): AwsError {
  return new AwsError('ExportNotFoundException', `Export not found: ${arn}`, { status: 400 });
}

function md5(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

function save(deps: DynamoDeps, scope: Scope, d: ExportDescription, createdAt: number): void {
  deps.store.db
    .prepare('INSERT OR REPLACE INTO dynamodb_exports (account, region, arn, table_arn, created_at, description) VALUES (?, ?, ?, ?, ?, ?)')
    .run(scope.account, scope.region, d.ExportArn, d.TableArn, createdAt, JSON.stringify(d));
}

function load(row: ExportRow): ExportDescription {
  const d = JSON.parse(row.description) as ExportDescription & Record<string, unknown>;
  for (const k of ['StartTime', 'EndTime', 'ExportTime'] as const) if (typeof d[k] === 'string') d[k] = new Date(d[k]);
  const spec = d.IncrementalExportSpecification as Record<string, unknown> | undefined;
  for (const k of ['ExportFromTime', 'ExportToTime']) if (spec && typeof spec[k] === 'string') spec[k] = new Date(spec[k]);
  return d;
}

export async function exportTableToPointInTime(deps: DynamoDeps, invoke: InternalInvoke | undefined, scope: Scope, input: ExportTableToPointInTimeInput): Promise<ExportTableToPointInTimeOutput> {
  const incremental = checkExportType(input);
  if (input.ExportFormat === 'ION' && incremental) throw notImplemented('dynamodb', 'ExportTableToPointInTime', 'ION format for INCREMENTAL_EXPORT');
  const ion = input.ExportFormat === 'ION';
  if (!invoke) throw notImplemented('dynamodb', 'ExportTableToPointInTime', 'export without the S3 service');
  const name = tableNameOf(input.TableArn);
  const rec = deps.tables.get(scope, name);
  if (!rec) throw new AwsError('TableNotFoundException', `Table not found: ${name}`, { status: 400 });
  const pitr = rec.meta.settings.pointInTimeRecovery;
  if (!pitr?.enabled) {
    throw new AwsError('PointInTimeRecoveryUnavailableException', `Point in time recovery is not enabled for table '${rec.name}'`, { status: 400 });
  }
  const now = deps.clock.now();
  const window = pitrWindow(now, pitr);
  const w = incremental ? incrementalWindow(input, now, window.earliest) : undefined;
  const at = input.ExportTime?.getTime() ?? now;
  if (!w && (at <= window.earliest - 1000 || at >= window.latest + 1000)) {
    throw new AwsError('InvalidExportTimeException', 'Export time is not within the point in time recovery window', { status: 400 });
  }
  const id = `${String(now).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
  const d: ExportDescription = {
    ExportArn: `${rec.meta.settings.arn}/export/${id}`, ExportStatus: 'IN_PROGRESS', StartTime: new Date(now), TableArn: rec.meta.settings.arn,
    TableId: rec.id, S3Bucket: input.S3Bucket, S3SseAlgorithm: input.S3SseAlgorithm ?? 'AES256',
    ExportFormat: ion ? 'ION' : 'DYNAMODB_JSON', ExportType: w ? 'INCREMENTAL_EXPORT' : 'FULL_EXPORT',
  };
  if (w) d.IncrementalExportSpecification = { ExportFromTime: new Date(w.from), ExportToTime: new Date(w.to), ExportViewType: w.view };
  else d.ExportTime = new Date(at);
  if (input.ClientToken !== undefined) d.ClientToken = input.ClientToken;
  if (input.S3Prefix !== undefined) d.S3Prefix = input.S3Prefix;
  if (input.S3BucketOwner !== undefined) d.S3BucketOwner = input.S3BucketOwner;
  if (input.S3SseKmsKeyId !== undefined) d.S3SseKmsKeyId = input.S3SseKmsKeyId;
  // The data is read now, consistently, from the point-in-time history; the files are written after answering.
  let lines: string[];
  let billed: number;
  if (w) {
    const out = incrementalRecords(deps.backups.changesBetween(scope, rec.id, w.from, w.to), rec.meta.schema.key, w);
    lines = out.lines;
    billed = Math.max(out.bytes, MIN_BILLED_BYTES);
  } else {
    const rows = deps.backups.itemsAsOf(scope, rec.id, Math.min(Math.max(at, window.earliest), window.latest));
    lines = rows.map((r) => (ion ? ionItemLine(decodeItem(r.item)) : itemLine(r.item)));
    billed = rows.reduce((n, r) => n + r.size, 0);
  }
  save(deps, scope, d, now);
  const answer = { ExportDescription: { ...d } };
  const root = `${input.S3Prefix ? `${input.S3Prefix.replace(/\/$/, '')}/` : ''}AWSDynamoDB`;
  const base = `${root}/${id}`;
  // Full exports keep their data under the export's folder; incremental exports share `AWSDynamoDB/data/`.
  const dataDir = w ? `${root}/data` : `${base}/data`;
  const put = (key: string, body: Buffer): Promise<unknown> => invoke('s3', 'PutObject', scope, { Bucket: input.S3Bucket, Key: key, Body: Readable.from(body) });
  try {
    await put(`${base}/_started`, Buffer.alloc(0));
    const files: { itemCount: number; md5Checksum: string; etag: string; dataFileS3Key: string }[] = [];
    for (let i = 0; i < lines.length; i += ITEMS_PER_FILE) {
      const slice = lines.slice(i, i + ITEMS_PER_FILE);
      const body = gzipSync(Buffer.from((ion ? '$ion_1_0 ' : '') + slice.join('')));
      const key = `${dataDir}/${randomBytes(13).toString('base64url').toLowerCase()}.${ion ? 'ion' : 'json'}.gz`;
      await put(key, body);
      files.push({ itemCount: slice.length, md5Checksum: Buffer.from(md5(body), 'hex').toString('base64'), etag: md5(body), dataFileS3Key: key });
    }
    const manifestFiles = Buffer.from(files.map((f) => `${JSON.stringify(f)}\n`).join(''));
    await put(`${base}/manifest-files.json`, manifestFiles);
    await put(`${base}/manifest-files.md5`, Buffer.from(md5(manifestFiles)));
    const end = deps.clock.now();
    const times = w
      ? { exportFromTime: new Date(w.from).toISOString(), exportToTime: new Date(w.to).toISOString() }
      : { exportTime: new Date(at).toISOString() };
    const summary = Buffer.from(JSON.stringify({
      version: w ? '2023-08-01' : '2020-06-30', exportArn: d.ExportArn, startTime: new Date(now).toISOString(), endTime: new Date(end).toISOString(),
      tableArn: d.TableArn, tableId: d.TableId, ...times, s3Bucket: input.S3Bucket, s3Prefix: input.S3Prefix ?? null,
      s3SseAlgorithm: d.S3SseAlgorithm, s3SseKmsKeyId: input.S3SseKmsKeyId ?? null, manifestFilesS3Key: `${base}/manifest-files.json`,
      billedSizeBytes: billed, itemCount: lines.length, outputFormat: d.ExportFormat, ...(w ? { outputView: w.view } : {}),
      exportType: d.ExportType,
    }));
    await put(`${base}/manifest-summary.json`, summary);
    await put(`${base}/manifest-summary.md5`, Buffer.from(md5(summary)));
    Object.assign(d, { ExportStatus: 'COMPLETED', EndTime: new Date(end), ExportManifest: `${base}/manifest-summary.json`, ItemCount: lines.length, BilledSizeBytes: billed });
  } catch (e) {
    // AWS reports a bucket it cannot write to as a FAILED export, not as an error of the call.
    if (!isAwsError(e)) throw e;
    Object.assign(d, { ExportStatus: 'FAILED', EndTime: new Date(deps.clock.now()), FailureCode: e.code, FailureMessage: e.message });
  }
  save(deps, scope, d, now);
  return answer;
}

export function describeExport(deps: DynamoDeps, scope: Scope, arn: string): DescribeExportOutput {
  const row = deps.store.db.prepare<[string, string, string], ExportRow>('SELECT arn, description FROM dynamodb_exports WHERE account = ? AND region = ? AND arn = ?')
    .get(scope.account, scope.region, arn);
  if (!row) throw exportNotFound(arn);
  return { ExportDescription: load(row) };
}

export function listExports(deps: DynamoDeps, scope: Scope, input: ListExportsInput): ListExportsOutput {
  const rows = deps.store.db.prepare<[string, string], ExportRow & { table_arn: string }>(
    'SELECT arn, table_arn, description FROM dynamodb_exports WHERE account = ? AND region = ? ORDER BY created_at, arn',
  ).all(scope.account, scope.region).filter((r) => input.TableArn === undefined || r.table_arn === input.TableArn);
  const start = input.NextToken === undefined ? 0 : Math.max(0, rows.findIndex((r) => r.arn === Buffer.from(input.NextToken!, 'base64url').toString()) + 1);
  const limit = input.MaxResults ?? 25;
  const page = rows.slice(start, start + limit);
  const out: ListExportsOutput = {
    ExportSummaries: page.map((r) => {
      const d = load(r);
      return { ExportArn: d.ExportArn!, ExportStatus: d.ExportStatus!, ExportType: d.ExportType! };
    }),
  };
  if (start + limit < rows.length) out.NextToken = Buffer.from(page[page.length - 1]!.arn).toString('base64url');
  return out;
}
