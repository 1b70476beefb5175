// PutMetricData's log as an append-only file in the data directory: one write per acknowledged put, no fsync (a write
// that returned survives kill -9 in the page cache, as a WAL commit under synchronous=NORMAL does). Why a file and not
// a SQLite row: docs/performance.md, "PutMetricData's log file".
//
// The file starts with a header line naming its generation; SQLite (cw_put_log_gen) records the generation whose lines
// are not merged yet. The metric store's merge transaction advances that generation, then the file is truncated and
// restarted under the new one: a file whose header differs from the recorded generation was merged already (or wiped by
// a reset) and is never replayed.
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateFile } from '../../store/private-files.js';

export const PUT_LOG_FILE_NAME = 'cloudwatch-put.log';
const HEADER = 'kumo-cloudwatch-put-log ';

/** What the file held at open: its generation (undefined when it has no valid header) and its complete lines. */
export interface PutLogContents {
  gen: number | undefined;
  lines: string[];
}

export class PutLogFile {
  private readonly fd: number;
  /** Bytes in the file: a failed append truncates back to this, so no torn line sits before later ones. */
  private size = 0;

  private constructor(readonly path: string) {
    ensurePrivateFile(path);
    this.fd = openSync(path, 'r+');
  }

  /** Opens (creating it 0600) the log in `dataDir` and reads what it holds. */
  static open(dataDir: string): { file: PutLogFile; contents: PutLogContents } {
    const file = new PutLogFile(join(dataDir, PUT_LOG_FILE_NAME));
    const text = readFileSync(file.fd, 'utf8');
    file.size = Buffer.byteLength(text);
    return { file, contents: parse(text) };
  }

  /** Appends one line (no newline inside); throws when the write fails, leaving the file as it was. */
  append(line: string): void {
    const text = `${line}\n`;
    try {
      // The string goes to the kernel without a Buffer made here; a short write (a full disk) finishes from one.
      const done = writeSync(this.fd, text, this.size, 'utf8');
      const bytes = Buffer.byteLength(text);
      if (done < bytes) {
        const buf = Buffer.from(text, 'utf8');
        for (let at = done; at < bytes; ) at += writeSync(this.fd, buf, at, bytes - at, this.size + at);
      }
      this.size += bytes;
    } catch (e) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // The torn tail has no newline: replay skips it (see parse), and the next restart drops it.
      }
      throw e;
    }
  }

  /** Empties the file and starts generation `gen` (already recorded in SQLite). */
  restart(gen: number): void {
    ftruncateSync(this.fd, 0);
    this.size = 0;
    this.append(`${HEADER}${gen}`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The header's generation and the complete lines after it; a last line without its newline was never acknowledged
 *  (the process died inside the write) and is dropped. */
export function parse(text: string): PutLogContents {
  const end = text.lastIndexOf('\n');
  if (end < 0) return { gen: undefined, lines: [] };
  const lines = text.slice(0, end).split('\n');
  const header = lines.shift() as string;
  const gen = header.startsWith(HEADER) ? Number(header.slice(HEADER.length)) : NaN;
  if (!Number.isSafeInteger(gen)) return { gen: undefined, lines: [] };
  return { gen, lines };
}
