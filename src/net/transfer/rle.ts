// Horizontal (within a block) and vertical (against the previous record) run-length compression, COMP=1 and COMP=2.
// Both byte formats are our own design (research §6.1 [D]); HULFT's are not public and do not interoperate.

/**
 * Horizontal RLE. Control byte c: 0x00–0x7F → c+1 literal bytes follow; 0x80–0xFF → the next byte repeats
 * c−0x7D times (3–130). Runs shorter than 3 are emitted as literals.
 */
export function rleEncode(input: Buffer): Buffer {
  const out = Buffer.allocUnsafe(input.length + Math.ceil(input.length / 128) + 2);
  let o = 0;
  let i = 0;
  let litStart = 0;
  const flushLiterals = (end: number): void => {
    let s = litStart;
    while (s < end) {
      const n = Math.min(128, end - s);
      out[o++] = n - 1;
      input.copy(out, o, s, s + n);
      o += n;
      s += n;
    }
  };
  while (i < input.length) {
    const b = input[i]!;
    let run = 1;
    while (i + run < input.length && run < 130 && input[i + run] === b) run++;
    if (run >= 3) {
      flushLiterals(i);
      out[o++] = run + 0x7d;
      out[o++] = b;
      i += run;
      litStart = i;
    } else {
      i += run;
    }
  }
  flushLiterals(input.length);
  return out.subarray(0, o);
}

export function rleDecode(input: Buffer, limit: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  let i = 0;
  while (i < input.length) {
    const c = input[i++]!;
    if (c < 0x80) {
      const n = c + 1;
      if (i + n > input.length) throw new RangeError('RLE literal runs past the end');
      parts.push(input.subarray(i, i + n));
      i += n;
      total += n;
    } else {
      if (i >= input.length) throw new RangeError('RLE repeat without a byte');
      const n = c - 0x7d;
      parts.push(Buffer.alloc(n, input[i++]));
      total += n;
    }
    if (total > limit) throw new RangeError('RLE output exceeds the block limit');
  }
  return Buffer.concat(parts, total);
}

/** Vertical: XOR each record of `recordLen` bytes with the previous one (the first with zeros), then RLE. */
export function verticalEncode(input: Buffer, recordLen: number): Buffer {
  return rleEncode(xorRecords(input, recordLen, false));
}

export function verticalDecode(input: Buffer, recordLen: number, limit: number): Buffer {
  return xorRecords(rleDecode(input, limit), recordLen, true);
}

function xorRecords(input: Buffer, recordLen: number, decoding: boolean): Buffer {
  const out = Buffer.from(input);
  if (recordLen <= 0) return out;
  for (let i = recordLen; i < out.length; i++) {
    // Encoding XORs with the previous *original* record, decoding with the previous *restored* one: the same bytes.
    out[i] = out[i]! ^ (decoding ? out[i - recordLen]! : input[i - recordLen]!);
  }
  return out;
}
