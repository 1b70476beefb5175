// Invalidation path rules ("What you need to know when invalidating paths"): each path starts with `/`, `*` may
// appear only as the last character, at most 3,000 paths per batch; `/*` purges everything. A path matches a
// cached object's URI (path plus `?query` when it had one) exactly, or as a prefix when it ends with `*`; every
// header and cookie variant of that URI goes with it.
import { batchTooLarge, invalidArgument } from './errors.js';

export const MAX_PATHS_PER_BATCH = 3000;

export function validatePaths(paths: readonly string[]): void {
  if (paths.length === 0) throw invalidArgument('Your request contains no invalidation paths.');
  if (paths.length > MAX_PATHS_PER_BATCH) throw batchTooLarge();
  for (const p of paths) {
    if (!p.startsWith('/')) throw invalidArgument(`Your request contains one or more invalid invalidation paths: ${p} (a path must begin with /).`);
    const star = p.indexOf('*');
    if (star >= 0 && star !== p.length - 1) throw invalidArgument(`Your request contains one or more invalid invalidation paths: ${p} (* may only be the last character).`);
  }
}

/** Whether an invalidation path covers a cached object's URI. */
export function pathCovers(pattern: string, uri: string): boolean {
  if (pattern.endsWith('*')) return uri.startsWith(pattern.slice(0, -1));
  return uri === pattern;
}
