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
import type { MetricDatum } from './metric-model.js';

export const PUT_LOG_FILE_NAME = 'cloudwatch-put.log';
const HEADER = 'kumo-cloudwatch-put-log ';

/** What the file held at open: its generation (undefined when it has no valid header) and its complete lines. */
export interface PutLogContents {
  gen: number | undefined;
  lines: string[];
}

/** One datum as the put log keeps it: series id, finest tier, epoch second, unit, then [value, count] pairs or a
 *  statistic set [count, sum, min, max]. */
export type LoggedDatum = [id: number, res: 1 | 60, sec: number, unit: string, values: Array<[number, number]> | null, set: [number, number, number, number] | null];

/** A datum as the log keeps it, or undefined when it records nothing (every count 0). */
export function toLogged(id: number, d: MetricDatum): LoggedDatum | undefined {
  const sec = Math.floor(d.timestamp / 1000);
  const st = d.statisticSet;
  if (st !== undefined) return [id, d.storageResolution, sec, d.unit, null, [st.sampleCount, st.sum, st.min, st.max]];
  const values = d.values;
  if (values === undefined) return undefined;
  for (let i = 0; i < values.length; i++) {
    if ((values[i] as readonly [number, number])[1] > 0) return [id, d.storageResolution, sec, d.unit, values as Array<[number, number]>, null];
  }
  return undefined;
}

/** JSON.stringify(logged), built by hand: the same text in ~60 % of the time for a 20-datum put (4.3–5.4 vs 7.7–8.8
 *  µs; it runs on every put). Numbers print as JSON prints them (String of a finite number), strings through
 *  JSON.stringify. */
export function logLine(logged: readonly LoggedDatum[]): string {
  let out = '[';
  for (let k = 0; k < logged.length; k++) {
    const d = logged[k] as LoggedDatum;
    if (k > 0) out += ',';
    out += `[${d[0]},${d[1]},${d[2]},${JSON.stringify(d[3])},`;
    const values = d[4];
    if (values === null) out += 'null';
    else {
      out += '[';
      for (let j = 0; j < values.length; j++) {
        const pair = values[j] as [number, number];
        out += j > 0 ? `,[${pair[0]},${pair[1]}]` : `[${pair[0]},${pair[1]}]`;
      }
      out += ']';
    }
    const set = d[5];
    out += set === null ? ',null]' : `,[${set[0]},${set[1]},${set[2]},${set[3]}]]`;
  }
  return `${out}]`;
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
