// application/x-www-form-urlencoded parsing for the query and ec2 protocols, into a key index that answers
// "what is at Foo.member.1.Bar" and "which children does Foo.entry have" without scanning every key.

/** Decodes one form component: '+' is a space, then percent-decoding (malformed escapes are kept literally). */
export function decodeFormComponent(s: string): string {
  // Most keys and values carry no escape: a query PutMetricData has ~140 components.
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

/** Splits `a=1&b=2` into ordered pairs; a key without '=' has the value ''. */
export function parseFormPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeFormComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeFormComponent(part.slice(eq + 1));
    pairs.push([key, value]);
  }
  return pairs;
}

/**
 * Form parameters indexed by dotted key. `value('A.B')` is the value sent for exactly that key; `children('A')`
 * lists the next segments of keys below it in first-seen order (`A.B.1`, `A.C` → B, C); `has('A')` tells whether
 * the key or anything below it was sent. The last value wins when a key repeats.
 */
export class FormParams {
  private readonly values = new Map<string, string>();
  private readonly childIndex = new Map<string, Set<string>>();

  constructor(pairs: Iterable<[string, string]>) {
    for (const [key, value] of pairs) {
      this.values.set(key, value);
      this.link(key);
    }
  }

  /**
   * Records `key` as a child of its parent key, and the parent of its own parent only when the parent is new: a known
   * parent came from an earlier key whose every ancestor is linked already. Each key then costs one or two lookups,
   * where building every prefix of every key cost a new string and a lookup per segment (a query PutMetricData's
   * `MetricData.member.20.Dimensions.member.1.Name` has seven).
   */
  private link(key: string): void {
    for (let child = key; ; ) {
      const dot = child.lastIndexOf('.');
      const parent = dot < 0 ? '' : child.slice(0, dot);
      const segment = dot < 0 ? child : child.slice(dot + 1);
      const set = this.childIndex.get(parent);
      if (set !== undefined) {
        set.add(segment);
        return;
      }
      this.childIndex.set(parent, new Set([segment]));
      if (dot < 0) return;
      child = parent;
    }
  }

  value(key: string): string | undefined {
    return this.values.get(key);
  }

  /** URLSearchParams' reading method, so routing reads a parsed form and a query string alike. */
  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  has(key: string): boolean {
    return this.values.has(key) || this.childIndex.has(key);
  }

  children(key: string): string[] {
    return [...(this.childIndex.get(key) ?? [])];
  }

  /** The positive integer segments under `key`, ascending (`Foo.member.2`, `Foo.member.10` → 2, 10). */
  indices(key: string): number[] {
    return this.children(key)
      .filter((s) => /^[1-9]\d*$/.test(s))
      .map(Number)
      .sort((a, b) => a - b);
  }
}
