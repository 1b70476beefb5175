// Where an HTTP/1.1 message body ends, without decoding it: Content-Length counts bytes, chunked framing is scanned
// (sizes, extensions, trailers) so that the proxy forwards the bytes exactly as sent and knows when the message ends.
import { HttpParseError, type HttpHead } from './http-head.js';

const enum S {
  Size,
  Ext,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerStart,
  TrailerLine,
  EndLf,
}

export type BodyKind = 'none' | 'length' | 'chunked' | 'close';

/** One message body's framing; reused across messages of a connection through reset(). */
export class BodyFramer {
  kind: BodyKind = 'none';
  done = true;
  private remaining = 0;
  private state: S = S.Size;
  private size = 0;
  private digits = 0;

  /** A request body per its head: chunked, Content-Length, else none. */
  forRequest(head: HttpHead): void {
    if (head.chunked) this.reset('chunked', 0);
    else if (head.contentLength > 0) this.reset('length', head.contentLength);
    else this.reset('none', 0);
  }

  /** A response body: none for HEAD, 1xx, 204 and 304; chunked; Content-Length; else until the connection closes. */
  forResponse(head: HttpHead, requestMethod: string): void {
    const s = head.status;
    if (requestMethod === 'HEAD' || s < 200 || s === 204 || s === 304) this.reset('none', 0);
    else if (head.chunked) this.reset('chunked', 0);
    else if (head.contentLength >= 0) this.reset(head.contentLength === 0 ? 'none' : 'length', head.contentLength);
    else this.reset('close', 0);
  }

  reset(kind: BodyKind, length: number): void {
    this.kind = kind;
    this.remaining = length;
    this.done = kind === 'none';
    this.state = S.Size;
    this.size = 0;
    this.digits = 0;
  }

  /** How many bytes of buf[start, end) belong to the body; sets `done` when its last byte is among them. Throws
   *  HttpParseError on broken chunk framing. A `close` body takes everything (it ends when the peer closes). */
  consume(buf: Buffer, start: number, end: number): number {
    if (this.done) return 0;
    if (this.kind === 'close') return end - start;
    if (this.kind === 'length') {
      const n = Math.min(this.remaining, end - start);
      this.remaining -= n;
      if (this.remaining === 0) this.done = true;
      return n;
    }
    let i = start;
    while (i < end) {
      if (this.state === S.Data) {
        const n = Math.min(this.remaining, end - i);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.state = S.DataCr;
        continue;
      }
      const c = buf[i++]!;
      switch (this.state) {
        case S.Size: {
          const d = hexDigit(c);
          if (d >= 0) {
            if (++this.digits > 12) throw new HttpParseError('chunk size too large');
            this.size = this.size * 16 + d;
          } else if (this.digits > 0 && (c === 0x3b || c === 0x20 || c === 0x09)) this.state = S.Ext;
          else if (this.digits > 0 && c === 0x0d) this.state = S.SizeLf;
          else throw new HttpParseError('invalid chunk size');
          break;
        }
        case S.Ext:
          if (c === 0x0d) this.state = S.SizeLf;
          else if (c === 0x0a) throw new HttpParseError('bare LF in chunk extension');
          break;
        case S.SizeLf:
          if (c !== 0x0a) throw new HttpParseError('chunk size line not ended by CRLF');
          if (this.size === 0) this.state = S.TrailerStart;
          else {
            this.remaining = this.size;
            this.state = S.Data;
          }
          break;
        case S.DataCr:
          if (c !== 0x0d) throw new HttpParseError('chunk data not followed by CRLF');
          this.state = S.DataLf;
          break;
        case S.DataLf:
          if (c !== 0x0a) throw new HttpParseError('chunk data not followed by CRLF');
          this.state = S.Size;
          this.size = 0;
          this.digits = 0;
          break;
        case S.TrailerStart:
          this.state = c === 0x0d ? S.EndLf : S.TrailerLine;
          break;
        case S.TrailerLine:
          if (c === 0x0a) this.state = S.TrailerStart;
          break;
        case S.EndLf:
          if (c !== 0x0a) throw new HttpParseError('chunked body not ended by CRLF');
          this.done = true;
          return i - start;
        default:
          break;
      }
    }
    return i - start;
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
