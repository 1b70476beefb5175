// The aliases (CNAMEs) distributions in this process serve, for the gateway's Host check: port 4566 accepts an
// alias's Host only to pass the request to the edge (never to the API), like a d….cloudfront.net name.
const counts = new Map<string, number>();

export function addAliases(names: readonly string[]): void {
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
}

export function removeAliases(names: readonly string[]): void {
  for (const n of names) {
    const c = (counts.get(n) ?? 0) - 1;
    if (c > 0) counts.set(n, c);
    else counts.delete(n);
  }
}

/** An alias exactly, or under a wildcard alias (`*.example.com` covers one more label). */
export function isServedAlias(name: string): boolean {
  if (counts.size === 0) return false;
  if (counts.has(name)) return true;
  const dot = name.indexOf('.');
  return dot > 0 && counts.has(`*${name.slice(dot)}`);
}
