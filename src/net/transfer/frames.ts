// Frame codec of kumo's MFT wire protocol (our own design, docs/designs/mft-wire.md): `u32 length | u8 type | payload`.
// HULFT's real protocol is proprietary; control payloads are JSON, DATA payloads are opaque processed blocks.

export const FrameType = {
  DELIVERY_INFO: 1,
  ACCEPT: 2,
  REJECT: 3,
  DATA: 4,
  ACK: 5,
  END: 6,
  RESULT: 7,
  REQUEST: 8,
  RESPONSE: 9,
} as const;
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

const KNOWN = new Set<number>(Object.values(FrameType));
/** Largest payload a peer may send: one processed block (65,520 bytes) plus compression/cipher overhead, or JSON. */
export const MAX_PAYLOAD = 1 << 20;

export interface Frame {
  type: FrameTypeValue;
  payload: Buffer;
}

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export function encodeFrame(type: FrameTypeValue, payload: Buffer): Buffer {
  const head = Buffer.allocUnsafe(5);
  head.writeUInt32BE(payload.length + 1, 0);
  head.writeUInt8(type, 4);
  return Buffer.concat([head, payload]);
}

export function encodeJson(type: FrameTypeValue, body: unknown): Buffer {
  return encodeFrame(type, Buffer.from(JSON.stringify(body), 'utf8'));
}

/** Parses a control frame's JSON payload; a payload that is not a JSON object is a protocol error. */
export function decodeJson<T extends object>(frame: Frame): T {
  let value: unknown;
  try {
    value = JSON.parse(frame.payload.toString('utf8'));
  } catch {
    throw new FrameError(`frame type ${frame.type} carries malformed JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FrameError(`frame type ${frame.type} payload is not an object`);
  }
  return value as T;
}

/**
 * Incremental decoder: feed it socket chunks, take whole frames out. A length of 0, a length above
 * MAX_PAYLOAD + 1 or an unknown type throws FrameError (the connection is then closed by the caller).
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const out: Frame[] = [];
    for (;;) {
      if (this.size < 5) break;
      const buf = this.flatten();
      const length = buf.readUInt32BE(0);
      if (length < 1 || length > MAX_PAYLOAD + 1) throw new FrameError(`frame length ${length} is out of range`);
      const type = buf.readUInt8(4);
      if (!KNOWN.has(type)) throw new FrameError(`unknown frame type ${type}`);
      if (buf.length < 4 + length) break;
      out.push({ type: type as FrameTypeValue, payload: Buffer.from(buf.subarray(5, 4 + length)) });
      const rest = buf.subarray(4 + length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
    }
    return out;
  }

  /** Bytes received that do not yet form a whole frame. */
  get pending(): number {
    return this.size;
  }

  private flatten(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0]!;
  }
}
