// Applies bucket lifecycle rules on the injected scheduler: expires current versions (delete or delete marker),
// noncurrent versions and lone delete markers, and aborts stale multipart uploads; one short transaction per key.
import type { LifecycleRule } from '../../../generated/s3/api.js';
import { currentTransition, noncurrentTransition } from './lifecycle-transitions.js';
import { currentExpiry, isValidRule, noncurrentExpiry, removesLoneDeleteMarker, uploadAbortAt } from './lifecycle.js';
import type { ObjectRow, Tag } from '../objects/object-store.js';
import type { S3State } from '../s3-state.js';
import { deleteWithoutVersion, NULL_VERSION, versionIdForWrite } from './versioning.js';

const PAGE = 1000;

export interface LifecycleReport {
  expired: number;
  removedVersions: number;
  transitioned: number;
  abortedUploads: number;
}

export function runLifecycle(s: S3State, now: number): LifecycleReport {
  const report: LifecycleReport = { expired: 0, removedVersions: 0, transitioned: 0, abortedUploads: 0 };
  for (const name of s.buckets.bucketsWithConfig('lifecycle')) {
    // A rule stored before validation was this strict (Days -5 would expire everything) is never applied.
    const rules = (s.buckets.getConfig<{ Rules?: LifecycleRule[] }>(name, 'lifecycle')?.Rules ?? []).filter(isValidRule);
    if (rules.length === 0) continue;
    const usesTags = rules.some((r) => r.Filter?.Tag !== undefined || (r.Filter?.And?.Tags ?? []).length > 0);
    forEachKey(s, name, (versions) => applyToKey(s, name, rules, usesTags, versions, now, report));
    abortUploads(s, name, rules, now, report);
  }
  return report;
}

/** Calls `fn` with each key's versions, newest first, paging through the bucket by key. */
function forEachKey(s: S3State, bucket: string, fn: (versions: ObjectRow[]) => void): void {
  const scan = s.objects.scanVersions(bucket);
  let cursor: { key: string; inclusive: boolean } = { key: '', inclusive: true };
  for (;;) {
    let rows = scan(cursor, PAGE);
    if (rows.length === 0) return;
    const full = rows.length === PAGE;
    const lastKey = rows[rows.length - 1]!.key;
    if (full && rows[0]!.key === lastKey) rows = scan({ key: lastKey, inclusive: true }, Number.MAX_SAFE_INTEGER).filter((r) => r.key === lastKey);
    else if (full) rows = rows.filter((r) => r.key !== lastKey);
    let group: ObjectRow[] = [];
    for (const row of rows) {
      if (group.length > 0 && group[0]!.key !== row.key) {
        fn(group);
        group = [];
      }
      group.push(row);
    }
    if (group.length > 0) fn(group);
    if (!full) return;
    const done = rows[rows.length - 1]!.key;
    cursor = { key: done, inclusive: false };
  }
}

function applyToKey(s: S3State, bucket: string, rules: readonly LifecycleRule[], usesTags: boolean, versions: ObjectRow[],
  now: number, report: LifecycleReport): void {
  const tagsOf = (r: ObjectRow): Tag[] => (usesTags ? s.objects.version(bucket, r.key, r.versionId)?.meta.tags : undefined) ?? [];
  const drop: ObjectRow[] = [];
  s.store.transaction(() => {
    const row = s.buckets.get(bucket);
    if (!row) return;
    const latest = versions[0]!;
    if (!latest.isDeleteMarker) {
      const e = currentExpiry(rules, { key: latest.key, size: latest.size, tags: tagsOf(latest), lastModified: latest.lastModified });
      if (e !== undefined && e.at <= now) {
        report.expired++;
        const mode = deleteWithoutVersion(row.versioning);
        if (mode === 'remove-null') {
          const removed = s.objects.deleteVersion(bucket, latest.key, NULL_VERSION);
          if (removed) drop.push(removed);
        } else {
          drop.push(...s.objects.putVersion({ bucket, key: latest.key, versionId: versionIdForWrite(row.versioning), isDeleteMarker: true,
            lastModified: now - (now % 1000), size: 0, etag: '', blobs: [], inline: undefined, meta: { owner: row.account } }, mode === 'null-marker'));
        }
      }
    }
    for (let i = 1; i < versions.length; i++) {
      const v = versions[i]!;
      const since = versions[i - 1]!.lastModified;
      const at = noncurrentExpiry(rules, { key: v.key, size: v.size, tags: tagsOf(v) }, since, i - 1);
      if (at !== undefined && at <= now) {
        const removed = s.objects.deleteVersion(bucket, v.key, v.versionId);
        if (removed) {
          drop.push(removed);
          report.removedVersions++;
        }
      }
    }
    transition(s, bucket, rules, versions, now, report);
    const current = s.objects.latest(bucket, latest.key);
    if (current?.isDeleteMarker && versions.length === 1 && current.versionId === latest.versionId && removesLoneDeleteMarker(rules, latest.key)) {
      s.objects.deleteVersion(bucket, latest.key, latest.versionId);
      report.removedVersions++;
    }
  });
  s.dropBlobs(drop.flatMap((r) => r.blobs));
}

/** Moves each remaining version down to the storage class its transitions have reached by now. */
function transition(s: S3State, bucket: string, rules: readonly LifecycleRule[], versions: ObjectRow[], now: number, report: LifecycleReport): void {
  if (!rules.some((r) => (r.Transitions ?? []).length > 0 || (r.NoncurrentVersionTransitions ?? []).length > 0)) return;
  for (let i = 0; i < versions.length; i++) {
    const v = s.objects.version(bucket, versions[i]!.key, versions[i]!.versionId);
    if (!v || v.isDeleteMarker) continue;
    const subject = { key: v.key, size: v.size, tags: v.meta.tags ?? [], storageClass: v.meta.storageClass };
    const target = i === 0
      ? currentTransition(rules, { ...subject, lastModified: v.lastModified }, now)
      : noncurrentTransition(rules, subject, versions[i - 1]!.lastModified, i - 1, now);
    if (target === undefined) continue;
    const meta = { ...v.meta, storageClass: target };
    delete meta.restore;
    s.objects.updateMeta(bucket, v.key, v.versionId, meta);
    report.transitioned++;
  }
}

function abortUploads(s: S3State, bucket: string, rules: readonly LifecycleRule[], now: number, report: LifecycleReport): void {
  const scan = s.uploads.scanUploads(bucket);
  const stale = scan({ key: '', inclusive: true }, Number.MAX_SAFE_INTEGER)
    .filter((u) => { const at = uploadAbortAt(rules, u.key, u.initiated); return at !== undefined && at <= now; });
  for (const u of stale) {
    const parts = s.store.transaction(() => s.uploads.deleteUpload(u.uploadId));
    s.dropBlobs(parts.map((p) => p.blobId));
    report.abortedUploads++;
  }
}
