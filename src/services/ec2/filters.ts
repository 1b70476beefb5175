// EC2's Describe* filters: named filters AND-ed together, values within one filter OR-ed, `*` and `?` wildcards,
// plus tag:<key>, tag-key and tag-value on every resource. Unknown names fail as EC2 does ("The filter 'x' is invalid").
import { ec2Error } from './errors.js';

export interface Filter {
  Name?: string | undefined;
  Values?: readonly string[] | undefined;
}

export interface Tag {
  Key: string;
  Value: string;
}

/** How one resource type answers each filter name: the resource's values for that filter (strings, or none). */
export type FilterFields<T> = Record<string, (item: T) => readonly (string | undefined)[] | string | boolean | number | undefined>;

const wildcardCache = new Map<string, RegExp>();

/** EC2 filter values: `*` matches any run, `?` one character, `\` escapes either (EC2 API "Filtering"). */
export function wildcardToRegExp(pattern: string): RegExp {
  let re = wildcardCache.get(pattern);
  if (re) return re;
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) body += escapeRe(pattern[++i]!);
    else if (c === '*') body += '[\\s\\S]*';
    else if (c === '?') body += '[\\s\\S]';
    else body += escapeRe(c);
  }
  re = new RegExp(`^${body}$`);
  if (wildcardCache.size > 1000) wildcardCache.clear();
  wildcardCache.set(pattern, re);
  return re;
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}

function matcher(values: readonly string[]): (v: string) => boolean {
  if (values.every((v) => !/[*?\\]/.test(v))) {
    const set = new Set(values);
    return (v) => set.has(v);
  }
  const res = values.map(wildcardToRegExp);
  return (v) => res.some((re) => re.test(v));
}

function asList(value: ReturnType<FilterFields<unknown>[string]>): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.filter((v): v is string => v !== undefined);
  return [String(value)];
}

/**
 * Builds a predicate from request filters. `fields` lists the filter names the resource supports; tags come from
 * `tagsOf`. Throws InvalidParameterValue for a name EC2 would not know.
 */
export function compileFilters<T>(filters: readonly Filter[] | undefined, fields: FilterFields<T>, tagsOf: (item: T) => readonly Tag[]): (item: T) => boolean {
  if (!filters || filters.length === 0) return () => true;
  const tests: ((item: T) => boolean)[] = [];
  for (const filter of filters) {
    const name = filter.Name ?? '';
    const match = matcher(filter.Values ?? []);
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      tests.push((item) => tagsOf(item).some((t) => t.Key === key && match(t.Value)));
    } else if (name === 'tag-key') {
      tests.push((item) => tagsOf(item).some((t) => match(t.Key)));
    } else if (name === 'tag-value') {
      tests.push((item) => tagsOf(item).some((t) => match(t.Value)));
    } else {
      const field = fields[name];
      if (!field) throw ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
      tests.push((item) => asList(field(item)).some(match));
    }
  }
  return (item) => tests.every((t) => t(item));
}

/** MaxResults/NextToken over an already filtered, stably ordered list; the token is the next item's offset. */
export function paginate<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw ec2Error('InvalidParameterValue', `Invalid value '${nextToken}' for nextToken`);
    start = decoded;
  }
  if (maxResults === undefined) return { page: items.slice(start) };
  const end = start + maxResults;
  const page = items.slice(start, end);
  return end < items.length ? { page, nextToken: Buffer.from(String(end), 'utf8').toString('base64url') } : { page };
}
