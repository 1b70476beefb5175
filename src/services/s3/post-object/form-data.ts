// A streaming multipart/form-data reader for S3's POST Object: the text fields before the file are kept (they are
// small: S3 caps them), the file part is written to a sink as it arrives, and whatever follows the file is ignored.
import type { Readable } from 'node:stream';
import { AwsError } from '../../../core/aws-error.js';

/** S3 refuses form fields before the file larger than this (S3 ErrorResponses, MaxPostPreDataLengthExceededError:
 *  "Your POST request fields preceding the upload file were too large"; the POST Object page gives 20 KB). */
export const MAX_PRE_DATA_BYTES = 20 * 1024;

export interface FilePart {
  /** The part's `filename` parameter; undefined when `file` was sent as a plain text field. */
  filename: string | undefined;
  contentType: string | undefined;
  size: number;
}

export interface ParsedForm {
  /** Text fields before the file, by lower-cased name (S3 matches field names case-insensitively); first one wins. */
  fields: Map<string, string>;
  /** Field names in the order sent, as sent. */
  names: string[];
  file: FilePart | undefined;
}

/** Where the file's bytes go: called once when the file part starts; `write` is awaited (backpressure). */
export interface FileSink {
  write(chunk: Buffer): Promise<void>;
}

export function malformedPost(): AwsError {
  return new AwsError('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', { status: 400 });
}

function preDataTooLarge(): AwsError {
  return new AwsError('MaxPostPreDataLengthExceededError', 'Your POST request fields preceding the upload file were too large.', { status: 400 });
}

/** The boundary of a `multipart/form-data; boundary=…` Content-Type, quoted or not. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  return b !== undefined && b.length <= 200 ? b : undefined;
}

interface PartHead {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
}

function parseDispositionParam(disposition: string, param: string): string | undefined {
  const re = new RegExp(`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${param}=([^;\\s]+)`, 'i');
  const m = re.exec(disposition);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

function parsePartHead(block: string): PartHead {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (disposition === undefined || !/^form-data\b/i.test(disposition)) throw malformedPost();
  const name = parseDispositionParam(disposition, 'name');
  if (name === undefined) throw malformedPost();
  return { name, filename: parseDispositionParam(disposition, 'filename'), contentType };
}

type State = 'preamble' | 'head' | 'body' | 'after' | 'done';

/**
 * Reads a form from `body`. Fields are collected until the part named `file` (any case), whose content goes to the
 * sink returned by `openFile`; the rest of the body is read and ignored (S3: "the file must be the last field").
 * A truncated or malformed body is MalformedPOSTRequest.
 */
export async function readForm(body: Readable, boundary: string, openFile: (part: { filename: string | undefined; contentType: string | undefined }, fields: Map<string, string>) => Promise<FileSink>): Promise<ParsedForm> {
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const form: ParsedForm = { fields: new Map(), names: [], file: undefined };
  let state = 'preamble' as State;
  let buf: Buffer = Buffer.alloc(0);
  let head: PartHead | undefined;
  let value: Buffer[] = [];
  let preData = 0;
  let sink: FileSink | undefined;

  const endPart = (): void => {
    if (!head) return;
    if (sink) {
      sink = undefined;
    } else if (form.file === undefined) {
      const text = Buffer.concat(value).toString('utf8');
      const lower = head.name.toLowerCase();
      form.names.push(head.name);
      if (!form.fields.has(lower)) form.fields.set(lower, text);
    }
    head = undefined;
    value = [];
  };

  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buf.indexOf(first);
        if (at === -1) {
          if (buf.length > MAX_PRE_DATA_BYTES) throw malformedPost();
          return false;
        }
        buf = buf.subarray(at + first.length);
        state = 'after';
        return true;
      }
      case 'after': {
        if (buf.length < 2) return false;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = 'done';
          return false;
        }
        // Transport padding (spaces, tabs) may follow a delimiter before its CRLF (RFC 2046 §5.1.1).
        const crlf = buf.indexOf('\r\n');
        if (crlf === -1) {
          if (buf.length > 256) throw malformedPost();
          return false;
        }
        if (!/^[ \t]*$/.test(buf.subarray(0, crlf).toString('latin1'))) throw malformedPost();
        buf = buf.subarray(crlf + 2);
        state = 'head';
        return true;
      }
      case 'head': {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buf.length + preData > MAX_PRE_DATA_BYTES) throw preDataTooLarge();
          return false;
        }
        head = parsePartHead(buf.subarray(0, end).toString('utf8'));
        if (form.file === undefined) preData += end + 4;
        buf = buf.subarray(end + 4);
        if (form.file === undefined && head.name.toLowerCase() === 'file') {
          sink = await openFile({ filename: head.filename, contentType: head.contentType }, form.fields);
          form.file = { filename: head.filename, contentType: head.contentType, size: 0 };
        }
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buf.indexOf(delimiter);
        // Keep what could be the start of a delimiter split across chunks.
        const usable = at === -1 ? Math.max(0, buf.length - delimiter.length + 1) : at;
        if (usable > 0) await take(buf.subarray(0, usable));
        if (at === -1) {
          buf = buf.subarray(usable);
          return false;
        }
        buf = buf.subarray(at + delimiter.length);
        endPart();
        state = 'after';
        return true;
      }
      default:
        return false;
    }
  };

  const take = async (chunk: Buffer): Promise<void> => {
    if (sink) {
      form.file!.size += chunk.length;
      await sink.write(Buffer.from(chunk));
    } else if (form.file === undefined) {
      preData += chunk.length;
      if (preData > MAX_PRE_DATA_BYTES) throw preDataTooLarge();
      value.push(Buffer.from(chunk));
    }
    // After the file: ignored.
  };

  for await (const chunk of body) {
    if (state === 'done') continue;
    const c = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    buf = buf.length === 0 ? c : Buffer.concat([buf, c]);
    while (await step()) { /* advance while input allows */ }
  }
  if (state !== 'done') throw malformedPost();
  return form;
}
