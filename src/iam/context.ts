// The request context an authorization is evaluated against: condition keys by lower-cased name, so that keys
// compare case-insensitively as AWS documents ("Condition key names are not case-sensitive", IAM JSON reference).

/** One value or a set of values (multivalued keys such as aws:TagKeys). */
export type ContextValue = string | readonly string[];

export class RequestContextKeys {
  private readonly values = new Map<string, ContextValue>();

  constructor(entries: Record<string, ContextValue | undefined> = {}) {
    for (const [key, value] of Object.entries(entries)) if (value !== undefined) this.set(key, value);
  }

  set(key: string, value: ContextValue): this {
    this.values.set(key.toLowerCase(), value);
    return this;
  }

  get(key: string): ContextValue | undefined {
    return this.values.get(key.toLowerCase());
  }

  has(key: string): boolean {
    return this.values.has(key.toLowerCase());
  }
}

/** The values of a key as a list (empty when absent). */
export function valuesOf(value: ContextValue | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}
