// Pre-rendered JSON a provider can place in its output (DynamoDB Streams records rendered at write time): the JSON
// codec splices the text in verbatim instead of walking and re-serializing a decoded value.

export class RawJson {
  constructor(readonly json: string) {}

  /** The value, for in-process callers that read the output instead of sending it. */
  get value(): unknown {
    return JSON.parse(this.json) as unknown;
  }

  /** Called by JSON.stringify; stringifyWithRaw collects the text and leaves a marker to replace. */
  toJSON(): unknown {
    if (!collecting) return this.value;
    collecting.push(this.json);
    return `${collectingMarker}${collecting.length - 1}`;
  }
}

let collecting: string[] | undefined;
let collectingMarker = '';

/** JSON.stringify that writes RawJson values verbatim; without any, it costs one extra array check. */
export function stringifyWithRaw(body: unknown): string {
  const previous = collecting;
  const previousMarker = collectingMarker;
  collecting = [];
  // A marker no client string can hold: a NUL and a per-call random tag.
  collectingMarker = `\u0000kumo-raw-${Math.random().toString(36).slice(2)}:`;
  try {
    const text = JSON.stringify(body);
    const raws = collecting;
    if (raws.length === 0) return text;
    const marker = JSON.stringify(collectingMarker).slice(1, -1);
    let out = '';
    let at = 0;
    for (let i = 0; i < raws.length; i++) {
      const needle = `"${marker}${i}"`;
      const found = text.indexOf(needle, at);
      if (found < 0) continue;
      out += text.slice(at, found) + raws[i]!;
      at = found + needle.length;
    }
    return out + text.slice(at);
  } finally {
    collecting = previous;
    collectingMarker = previousMarker;
  }
}
