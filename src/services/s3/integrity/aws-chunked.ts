// Decoder for `aws-chunked` request bodies (SigV4 streaming uploads): strips chunk framing as bytes stream past,
// checks x-amz-decoded-content-length, collects trailers (x-amz-checksum-*) and hands signatures to a pluggable verifier.
import { createHash } from 'node:crypto';
import { AwsError } from '../../../core/aws-error.js';

/** Signature checks for signed streaming bodies (src/auth/chunk-signatures.ts under --enforce-iam). A chunk or trailer
 *  without a signature is passed as undefined, so that the verifier refuses it like a wrong one. */
export interface ChunkSignatureVerifier {
  /** Called for each chunk, including the final empty one, with its signature and the hex SHA-256 of its data. */
  chunk(signature: string | undefined, dataSha256Hex: string): void;
  /** Called once with the trailer signature and the trailer lines as signed (`name:value\n` each), when trailers came. */
  trailer?(signature: string | undefined, canonicalTrailers: string): void;
}

export interface AwsChunkedOptions {
  /** x-amz-decoded-content-length: the decoded byte count the body must produce. */
  decodedContentLength?: number;
  verifier?: ChunkSignatureVerifier;
}

const MAX_LINE_BYTES = 16 * 1024;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

type State = 'header' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'done';

function incomplete(message: string): AwsError {
  return new AwsError('IncompleteBody', message, { status: 400 });
}

/** Streams the decoded payload of an aws-chunked body; `trailers` is complete once iteration finishes. */
export class AwsChunkedDecoder {
  /** Trailer headers, lower-cased names (e.g. `x-amz-checksum-crc32` → base64 value). */
  readonly trailers = new Map<string, string>();
  private decoded = 0;
  private state: State = 'header';
  private line: Buffer[] = [];
  private lineBytes = 0;
  private remaining = 0;
  private signature: string | undefined;
  private chunkHash: ReturnType<typeof createHash> | undefined;
  private trailerText = '';
  private trailerSignature: string | undefined;

  constructor(private readonly options: AwsChunkedOptions = {}) {}

  /** The checksum the client sent as a trailer, as `[algorithm header name, base64 value]`, if any. */
  trailerChecksum(): { header: string; value: string } | undefined {
    for (const [name, value] of this.trailers) if (name.startsWith('x-amz-checksum-')) return { header: name, value };
    return undefined;
  }

  async *decode(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    for await (const raw of source) {
      const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      let pos = 0;
      while (pos < buf.length) {
        switch (this.state) {
          case 'header':
          case 'trailer': {
            const nl = buf.indexOf(10, pos);
            const end = nl < 0 ? buf.length : nl;
            this.appendLine(buf.subarray(pos, end));
            pos = end;
            if (nl >= 0) {
              pos = nl + 1;
              const text = this.takeLine();
              if (this.state === 'header') this.onHeader(text);
              else this.onTrailerLine(text);
            }
            break;
          }
          case 'data': {
            const n = Math.min(this.remaining, buf.length - pos);
            const piece = buf.subarray(pos, pos + n);
            this.chunkHash?.update(piece);
            this.remaining -= n;
            this.decoded += n;
            pos += n;
            if (this.remaining === 0) this.state = 'data-cr';
            yield piece;
            break;
          }
          case 'data-cr':
          case 'data-lf': {
            const expected = this.state === 'data-cr' ? 13 : 10;
            if (buf[pos] !== expected) throw incomplete('The chunk data was not followed by CRLF.');
            pos++;
            if (this.state === 'data-cr') this.state = 'data-lf';
            else {
              this.finishChunk();
              this.state = 'header';
            }
            break;
          }
          case 'done':
            // Tolerate trailing whitespace after the final CRLF; anything else is malformed.
            for (; pos < buf.length; pos++) {
              const b = buf[pos];
              if (b !== 13 && b !== 10) throw incomplete('Unexpected bytes after the final aws-chunked chunk.');
            }
            break;
        }
      }
    }
    if (this.state === 'trailer' && this.lineBytes === 0) this.finishTrailers();
    if (this.state !== 'done') throw incomplete('The request body terminated unexpectedly');
    const expected = this.options.decodedContentLength;
    if (expected !== undefined && expected !== this.decoded) {
      throw incomplete('You did not provide the number of bytes specified by the Content-Length HTTP header');
    }
  }

  private appendLine(part: Buffer): void {
    if (part.length === 0) return;
    this.lineBytes += part.length;
    if (this.lineBytes > MAX_LINE_BYTES) throw incomplete('An aws-chunked header line is too long.');
    this.line.push(part);
  }

  private takeLine(): string {
    const text = Buffer.concat(this.line).toString('latin1');
    this.line = [];
    this.lineBytes = 0;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  private onHeader(text: string): void {
    const semi = text.indexOf(';');
    const sizeText = (semi < 0 ? text : text.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw incomplete(`Invalid aws-chunked chunk size: ${JSON.stringify(sizeText)}`);
    const size = Number.parseInt(sizeText, 16);
    this.signature = undefined;
    if (semi >= 0) {
      const m = /^chunk-signature=([0-9a-fA-F]+)$/.exec(text.slice(semi + 1).trim());
      if (!m) throw incomplete('Invalid aws-chunked chunk extension.');
      this.signature = m[1];
    }
    this.chunkHash = this.options.verifier ? createHash('sha256') : undefined;
    if (size === 0) {
      this.finishChunk(true);
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'data';
  }

  private finishChunk(empty = false): void {
    const verifier = this.options.verifier;
    if (verifier) {
      verifier.chunk(this.signature, empty ? EMPTY_SHA256 : (this.chunkHash?.digest('hex') ?? EMPTY_SHA256));
    }
    this.chunkHash = undefined;
  }

  private onTrailerLine(text: string): void {
    if (text === '') {
      this.finishTrailers();
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw incomplete('Invalid aws-chunked trailer line.');
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') this.trailerSignature = value;
    else {
      this.trailers.set(name, value);
      this.trailerText += `${name}:${value}\n`;
    }
  }

  private finishTrailers(): void {
    const verifier = this.options.verifier;
    if (verifier?.trailer && (this.trailerSignature !== undefined || this.trailerText !== '')) verifier.trailer(this.trailerSignature, this.trailerText);
    this.state = 'done';
  }
}
