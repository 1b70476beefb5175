// Maps keyed by client-chosen names (tag keys, metadata keys, attribute names): `__proto__`, `constructor` or
// `hasOwnProperty` must be stored and returned like any other name, so keys are set as own properties, never assigned.

/** Sets an own enumerable property; plain assignment of `__proto__` would replace the prototype instead. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A copy of `from` (or an empty map) whose keys are all own properties, `__proto__` included. */
export function dict<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  if (from) for (const [k, v] of Object.entries(from)) setOwn(out, k, v);
  return out;
}
