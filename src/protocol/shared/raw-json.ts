// Pre-rendered JSON a provider can place in its output (DynamoDB Streams records rendered at write time): the JSON
// codec writes the text verbatim into the response bytes instead of walking and re-serializing a decoded value.

export class RawJson {
  /**
   * `items` set: the value is a JSON array of these texts (a GetRecords page read from SQLite as one string per
   * record), written piece by piece so 1,000 records are never joined into one string or wrapped one by one. An item
   * may be UTF-8 bytes (a stored page served from memory), which the JSON writer sends as they are.
   */
  private constructor(private readonly text: string | undefined, private readonly items: ReadonlyArray<string | Buffer> | undefined) {}

  static of(json: string): RawJson {
    return new RawJson(json, undefined);
  }

  /** A JSON array whose elements are the given JSON texts (or runs of them joined by commas), as text or UTF-8. */
  static array(items: ReadonlyArray<string | Buffer>): RawJson {
    return new RawJson(undefined, items);
  }

  get json(): string {
    return this.text ?? `[${this.items!.map(textOf).join(',')}]`;
  }

  /**
   * The pieces whose concatenation is the JSON text, UTF-8 items left as bytes: the JSON writer's form. Single
   * characters are the array's brackets and commas.
   */
  pushParts(into: Array<string | Buffer>): void {
    if (this.text !== undefined) {
      into.push(this.text);
      return;
    }
    const items = this.items!;
    into.push('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) into.push(',');
      into.push(items[i]!);
    }
    into.push(']');
  }

  /** The value, for in-process callers that read the output instead of sending it. */
  get value(): unknown {
    return JSON.parse(this.json) as unknown;
  }

  /** The JSON text as pieces whose concatenation is the text (pushParts with bytes decoded). */
  pushPieces(into: string[]): void {
    const parts: Array<string | Buffer> = [];
    this.pushParts(parts);
    for (const part of parts) into.push(textOf(part));
  }

  /** Called by JSON.stringify; stringifyPieces collects the value and leaves a marker to replace. */
  toJSON(): unknown {
    if (!collecting) return this.value;
    collecting.push(this);
    return `${collectingMarker}${collecting.length - 1}`;
  }
}

function textOf(item: string | Buffer): string {
  return typeof item === 'string' ? item : item.toString('utf8');
}

let collecting: RawJson[] | undefined;
let collectingMarker = '';

/**
 * JSON.stringify with RawJson values written verbatim, as the pieces whose concatenation is the JSON text (the
 * structural text between raws, then a raw, ...). Without any RawJson it costs one extra array check.
 */
export function stringifyPieces(body: unknown): string[] {
  const previous = collecting;
  const previousMarker = collectingMarker;
  collecting = [];
  // A marker no client string can hold: a NUL and a per-call random tag.
  collectingMarker = `\u0000kumo-raw-${Math.random().toString(36).slice(2)}:`;
  try {
    const text = JSON.stringify(body);
    const raws = collecting;
    if (raws.length === 0) return [text];
    const marker = JSON.stringify(collectingMarker).slice(1, -1);
    const pieces: string[] = [];
    let at = 0;
    for (let i = 0; i < raws.length; i++) {
      const needle = `"${marker}${i}"`;
      const found = text.indexOf(needle, at);
      if (found < 0) continue;
      pieces.push(text.slice(at, found));
      raws[i]!.pushPieces(pieces);
      at = found + needle.length;
    }
    pieces.push(text.slice(at));
    return pieces;
  } finally {
    collecting = previous;
    collectingMarker = previousMarker;
  }
}

/** The JSON text with RawJson values spliced in: the generic path the JSON writer's tests compare bytes with. */
export function stringifyWithRaw(body: unknown): string {
  return stringifyPieces(body).join('');
}
