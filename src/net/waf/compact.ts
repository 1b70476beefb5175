// Drops undefined members from an object literal, so shapes built from optional inputs satisfy the generated API
// types under exactOptionalPropertyTypes (and answers carry no null members).
export function compact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o as { [K in keyof T]: Exclude<T[K], undefined> };
}
