// CIDR collections for IP-based routing: create (CallerReference idempotency), change locations and blocks with
// the collection version, list collections, locations and blocks, delete when empty. Each committed change is
// published to the DNS server before the reply, as record changes are.
import { randomUUID } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/route-53/api.js';
import { modeledError } from '../../generated/route-53/errors.js';
import type { Route53Context } from './context.js';
import { invalidInput } from './errors.js';
import { newChange } from './zone-operations.js';

const arnOf = (id: string) => `arn:aws:route53:::cidrcollection/${id}`;

function noSuchCollection(id: string) {
  return modeledError('NoSuchCidrCollectionException', `The CIDR collection with ID ${id} does not exist.`);
}

function requireCollection(s: Route53Context, ctx: RequestContext, id: string) {
  const c = s.cidr.get(ctx.account, id);
  if (!c) throw noSuchCollection(id);
  return c;
}

/**
 * A block Route 53 accepts: a network address with a prefix of 1–24 bits (IPv4) or 1–48 bits (IPv6), host bits
 * zero ("IP-based routing": the zero-length block is the default location `*`). Returns the canonical form.
 */
export function canonicalCidr(cidr: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!m) return undefined;
  const [, address = '', bits = ''] = m;
  const prefix = Number(bits);
  if (isIPv4(address)) {
    if (prefix < 1 || prefix > 24) return undefined;
    const n = address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    const hostBits = 2 ** (32 - prefix);
    if (n % hostBits !== 0) return undefined;
    return `${address.split('.').map(Number).join('.')}/${prefix}`;
  }
  if (isIPv6(address)) {
    if (prefix < 1 || prefix > 48) return undefined;
    const hex = expandIPv6(address);
    const bitsString = hex.map((h) => Number.parseInt(h, 16).toString(2).padStart(16, '0')).join('');
    if (bitsString.slice(prefix).includes('1')) return undefined;
    return `${address.toLowerCase()}/${prefix}`;
  }
  return undefined;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const fill = address.includes('::') ? 8 - h.length - t.length : 0;
  return [...h, ...Array<string>(fill).fill('0'), ...t];
}

export function createCidrCollection(s: Route53Context, ctx: RequestContext, input: api.CreateCidrCollectionRequest): api.CreateCidrCollectionResponse {
  const existing = s.cidr.byName(ctx.account, input.Name);
  if (existing) {
    // Same name and CallerReference: the request is a retry and gets the collection it made.
    if (existing.callerReference !== input.CallerReference) {
      throw modeledError('CidrCollectionAlreadyExistsException', `A CIDR collection with the name ${input.Name} already exists with a different caller reference.`);
    }
    return { Collection: { Arn: arnOf(existing.id), Id: existing.id, Name: existing.name, Version: existing.version }, Location: `https://route53.amazonaws.com/2013-04-01/cidrcollection/${existing.id}` };
  }
  const id = randomUUID();
  s.cidr.insert({ account: ctx.account, id, name: input.Name, callerReference: input.CallerReference, version: 1 });
  return { Collection: { Arn: arnOf(id), Id: id, Name: input.Name, Version: 1 }, Location: `https://route53.amazonaws.com/2013-04-01/cidrcollection/${id}` };
}

export async function changeCidrCollection(s: Route53Context, ctx: RequestContext, input: api.ChangeCidrCollectionRequest): Promise<api.ChangeCidrCollectionResponse> {
  const collection = requireCollection(s, ctx, input.Id);
  if (input.CollectionVersion !== undefined && Number(input.CollectionVersion) !== collection.version) {
    throw modeledError('CidrCollectionVersionMismatchException', `The CIDR collection version ${input.CollectionVersion} does not match the current version ${collection.version}.`);
  }
  // Validate the whole request before writing anything: a rejected change leaves the collection as it was.
  const puts: { location: string; cidr: string }[] = [];
  const deletes: { location: string; cidr: string }[] = [];
  for (const change of input.Changes) {
    for (const raw of change.CidrList) {
      const cidr = canonicalCidr(raw);
      if (cidr === undefined) throw invalidInput(`The CIDR block ${raw} is not valid. Use an IPv4 block of /1 to /24 or an IPv6 block of /1 to /48 with its host bits set to zero.`);
      if (change.Action === 'PUT') {
        const owner = s.cidr.locationOf(collection.id, cidr);
        const queued = puts.find((p) => p.cidr === cidr);
        if ((owner !== undefined && owner !== change.LocationName) || (queued && queued.location !== change.LocationName)) {
          throw invalidInput(`The CIDR block ${cidr} already belongs to location ${owner ?? queued!.location} in this collection.`);
        }
        puts.push({ location: change.LocationName, cidr });
      } else deletes.push({ location: change.LocationName, cidr });
    }
  }
  const change = s.store.transaction(() => {
    for (const p of puts) s.cidr.putBlock(collection.id, p.location, p.cidr);
    for (const d of deletes) s.cidr.deleteBlock(collection.id, d.location, d.cidr);
    // A location left without blocks no longer exists; a record set routing by it keeps it alive.
    for (const location of new Set(deletes.map((d) => d.location))) {
      if (s.cidr.blocks(collection.id, location, undefined, 1).length === 0 && s.cidr.inUse(collection.id, location)) {
        throw modeledError('CidrBlockInUseException', `The CIDR blocks of location ${location} cannot all be deleted while a resource record set uses the location.`);
      }
    }
    s.cidr.setVersion(collection.id, collection.version + 1);
    return newChange(s, ctx);
  });
  await s.dns.setCidrCollection(collection.id, s.cidr.published(collection.id));
  return { Id: change.Id.replace(/^\/change\//, '') };
}

export function deleteCidrCollection(s: Route53Context, ctx: RequestContext, input: api.DeleteCidrCollectionRequest): Promise<api.DeleteCidrCollectionResponse> {
  const collection = requireCollection(s, ctx, input.Id);
  if (s.cidr.blockCount(collection.id) > 0 || s.cidr.inUse(collection.id)) {
    throw modeledError('CidrCollectionInUseException', `The CIDR collection ${collection.id} is in use: it still has locations or resource record sets refer to it.`);
  }
  s.cidr.delete(collection.id);
  return s.dns.setCidrCollection(collection.id, {}).then(() => ({}));
}

/** Opaque paging tokens: the position after the last item returned. */
const encodeToken = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');
function decodeToken<T>(token: string | undefined): T | undefined {
  if (token === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString()) as T;
  } catch {
    throw invalidInput('The NextToken is not valid.');
  }
}

function pageSize(max: string | number | undefined): number {
  if (max === undefined) return 100;
  const n = Number(max);
  if (!Number.isInteger(n) || n < 1) throw invalidInput('The value of MaxResults must be a positive integer.');
  return Math.min(n, 1000);
}

export function listCidrCollections(s: Route53Context, ctx: RequestContext, input: api.ListCidrCollectionsRequest): api.ListCidrCollectionsResponse {
  const limit = pageSize(input.MaxResults);
  const after = decodeToken<string>(input.NextToken) ?? '';
  const page = s.cidr.list(ctx.account, after, limit + 1);
  const out: api.ListCidrCollectionsResponse = { CidrCollections: page.slice(0, limit).map((c) => ({ Arn: arnOf(c.id), Id: c.id, Name: c.name, Version: c.version })) };
  if (page.length > limit) out.NextToken = encodeToken(page[limit - 1]!.name);
  return out;
}

export function listCidrLocations(s: Route53Context, ctx: RequestContext, input: api.ListCidrLocationsRequest): api.ListCidrLocationsResponse {
  const collection = requireCollection(s, ctx, input.CollectionId);
  const limit = pageSize(input.MaxResults);
  const page = s.cidr.locations(collection.id, decodeToken<string>(input.NextToken) ?? '', limit + 1);
  const out: api.ListCidrLocationsResponse = { CidrLocations: page.slice(0, limit).map((LocationName) => ({ LocationName })) };
  if (page.length > limit) out.NextToken = encodeToken(page[limit - 1]);
  return out;
}

export function listCidrBlocks(s: Route53Context, ctx: RequestContext, input: api.ListCidrBlocksRequest): api.ListCidrBlocksResponse {
  const collection = requireCollection(s, ctx, input.CollectionId);
  if (input.LocationName !== undefined && s.cidr.blocks(collection.id, input.LocationName, undefined, 1).length === 0) {
    throw modeledError('NoSuchCidrLocationException', `The CIDR location ${input.LocationName} does not exist in collection ${collection.id}.`);
  }
  const limit = pageSize(input.MaxResults);
  const page = s.cidr.blocks(collection.id, input.LocationName, decodeToken<[string, string]>(input.NextToken), limit + 1);
  const out: api.ListCidrBlocksResponse = { CidrBlocks: page.slice(0, limit).map((b) => ({ CidrBlock: b.cidr, LocationName: b.location })) };
  const last = page[limit - 1];
  if (page.length > limit && last) out.NextToken = encodeToken([last.location, last.cidr]);
  return out;
}
