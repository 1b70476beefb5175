// Blob ids and the checks shared by the blob store implementations (id shape, missing blob, byte ranges).
// Ids are random hex so they are safe as file names and can never name a path outside the store.
import { randomBytes } from 'node:crypto';
import { KumoError } from '../core/kumo-error.js';

const BLOB_ID = /^[0-9a-f]{32}$/;

/** A new blob id: 128 random bits as lower-case hex (also safe as a file name). */
export function newBlobId(): string {
  return randomBytes(16).toString('hex');
}

/** Throws unless `id` has the shape newBlobId makes, so ids can never name a path outside the store. */
export function checkBlobId(id: string): void {
  if (!BLOB_ID.test(id)) throw new KumoError('KUMO_ERR_STORE_BLOB_ID', `Not a blob id: ${JSON.stringify(id)}`);
}

export function missingBlob(id: string): KumoError {
  return new KumoError('KUMO_ERR_STORE_BLOB_MISSING', `Blob ${id} does not exist.`);
}

/** Validates a range against a blob's size; returns the inclusive [start, end] to read, end clamped to size - 1. */
export function clampRange(id: string, size: number, range: { start: number; end: number }): [number, number] {
  const { start, end } = range;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || start >= size) {
    throw new KumoError('KUMO_ERR_STORE_BLOB_RANGE', `Range ${start}-${end} is outside blob ${id} of ${size} bytes.`);
  }
  return [start, Math.min(end, size - 1)];
}

