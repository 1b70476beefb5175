// Public keys and key groups: the RSA keys signed URLs and cookies are verified with, grouped for TrustedKeyGroups.
// A public key's value is immutable; a key in a group, or a group used by a distribution, cannot be deleted.
import { createPublicKey, randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import { checkIfMatch, newEtag, newKeyId, page } from './common.js';
import type { CloudFrontContext } from './context.js';
import { behaviorsOf } from './distributions.js';
import { alreadyExists, cannotChangePublicKey, invalidArgument, invalidPublicKey, keyGroupInUse, noSuchKeyGroup, noSuchPublicKey, publicKeyInUse, tooManyPublicKeysInKeyGroup } from './errors.js';

/** CloudFront takes RSA 2048 keys in PEM ("Create a key pair for a trusted key group"). */
function checkEncodedKey(pem: string): void {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== 2048) throw new Error('not RSA 2048');
  } catch {
    throw invalidPublicKey();
  }
}

function requireKey(s: CloudFrontContext, account: string, id: string) {
  const r = s.store.get<api.PublicKeyConfig>(account, 'public-key', id);
  if (!r) throw noSuchPublicKey();
  return r;
}

const publicKeyOf = (r: { id: string; created: number; config: api.PublicKeyConfig }): api.PublicKey => ({ Id: r.id, CreatedTime: new Date(r.created), PublicKeyConfig: r.config });

export function createPublicKeyOp(s: CloudFrontContext, ctx: RequestContext, input: api.CreatePublicKeyRequest): api.CreatePublicKeyResult {
  const c = input.PublicKeyConfig;
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(c.Name)) throw invalidArgument('The parameter Name must contain only letters, digits, hyphens and underscores (1 to 128).');
  checkEncodedKey(c.EncodedKey);
  if (s.store.byName(ctx.account, 'public-key', c.Name) || s.store.byCallerReference(ctx.account, 'public-key', c.CallerReference)) throw alreadyExists('PublicKeyAlreadyExists', 'public key');
  const now = s.clock.now();
  const r = { account: ctx.account, kind: 'public-key' as const, id: newKeyId(), callerReference: c.CallerReference, name: c.Name, etag: newEtag(), config: c, extra: {}, created: now, modified: now };
  s.store.transaction(() => s.store.insert(r));
  return { PublicKey: publicKeyOf(r), Location: `https://cloudfront.amazonaws.com/2020-05-31/public-key/${r.id}`, ETag: r.etag };
}

export function getPublicKey(s: CloudFrontContext, ctx: RequestContext, input: api.GetPublicKeyRequest): api.GetPublicKeyResult {
  const r = requireKey(s, ctx.account, input.Id);
  return { PublicKey: publicKeyOf(r), ETag: r.etag };
}

export function getPublicKeyConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetPublicKeyConfigRequest): api.GetPublicKeyConfigResult {
  const r = requireKey(s, ctx.account, input.Id);
  return { PublicKeyConfig: r.config, ETag: r.etag };
}

export function updatePublicKey(s: CloudFrontContext, ctx: RequestContext, input: api.UpdatePublicKeyRequest): api.UpdatePublicKeyResult {
  const r = requireKey(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  const c = input.PublicKeyConfig;
  if (c.EncodedKey.trim() !== r.config.EncodedKey.trim() || c.CallerReference !== r.config.CallerReference || c.Name !== r.config.Name) throw cannotChangePublicKey();
  const next = { ...r, config: c, etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  return { PublicKey: publicKeyOf(next), ETag: next.etag };
}

export function deletePublicKey(s: CloudFrontContext, ctx: RequestContext, input: api.DeletePublicKeyRequest): void {
  const r = requireKey(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  if (s.store.list<api.KeyGroupConfig>(ctx.account, 'key-group').some((g) => g.config.Items.includes(r.id))) throw publicKeyInUse();
  s.store.transaction(() => s.store.delete('public-key', r.id));
}

export function listPublicKeys(s: CloudFrontContext, ctx: RequestContext, input: api.ListPublicKeysRequest): api.ListPublicKeysResult {
  const p = page(s.store.list<api.PublicKeyConfig>(ctx.account, 'public-key'), (r) => r.id, input.Marker, input.MaxItems);
  const list: api.PublicKeyList = { MaxItems: p.maxItems, Quantity: p.items.length };
  if (p.items.length) {
    list.Items = p.items.map((r) => {
      const summary: api.PublicKeySummary = { Id: r.id, Name: r.config.Name, CreatedTime: new Date(r.created), EncodedKey: r.config.EncodedKey };
      if (r.config.Comment !== undefined) summary.Comment = r.config.Comment;
      return summary;
    });
  }
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { PublicKeyList: list };
}

// Key groups

function checkKeyGroup(s: CloudFrontContext, account: string, c: api.KeyGroupConfig): void {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(c.Name)) throw invalidArgument('The parameter Name must contain only letters, digits, hyphens and underscores (1 to 128).');
  if (c.Items.length === 0) throw invalidArgument('A key group must contain at least one public key.');
  // Five public keys per key group ("Quotas on key groups").
  if (c.Items.length > 5) throw tooManyPublicKeysInKeyGroup();
  for (const id of c.Items) if (!s.store.get(account, 'public-key', id)) throw noSuchPublicKey();
}

function requireGroup(s: CloudFrontContext, account: string, id: string) {
  const r = s.store.get<api.KeyGroupConfig>(account, 'key-group', id);
  if (!r) throw noSuchKeyGroup();
  return r;
}

const keyGroupOf = (r: { id: string; modified: number; config: api.KeyGroupConfig }): api.KeyGroup => ({ Id: r.id, LastModifiedTime: new Date(r.modified), KeyGroupConfig: r.config });

export function createKeyGroup(s: CloudFrontContext, ctx: RequestContext, input: api.CreateKeyGroupRequest): api.CreateKeyGroupResult {
  const c = input.KeyGroupConfig;
  checkKeyGroup(s, ctx.account, c);
  if (s.store.byName(ctx.account, 'key-group', c.Name)) throw alreadyExists('KeyGroupAlreadyExists', 'key group');
  const now = s.clock.now();
  const r = { account: ctx.account, kind: 'key-group' as const, id: randomUUID(), callerReference: undefined, name: c.Name, etag: newEtag(), config: c, extra: {}, created: now, modified: now };
  s.store.transaction(() => s.store.insert(r));
  return { KeyGroup: keyGroupOf(r), Location: `https://cloudfront.amazonaws.com/2020-05-31/key-group/${r.id}`, ETag: r.etag };
}

export function getKeyGroup(s: CloudFrontContext, ctx: RequestContext, input: api.GetKeyGroupRequest): api.GetKeyGroupResult {
  const r = requireGroup(s, ctx.account, input.Id);
  return { KeyGroup: keyGroupOf(r), ETag: r.etag };
}

export function getKeyGroupConfig(s: CloudFrontContext, ctx: RequestContext, input: api.GetKeyGroupConfigRequest): api.GetKeyGroupConfigResult {
  const r = requireGroup(s, ctx.account, input.Id);
  return { KeyGroupConfig: r.config, ETag: r.etag };
}

export function updateKeyGroup(s: CloudFrontContext, ctx: RequestContext, input: api.UpdateKeyGroupRequest): api.UpdateKeyGroupResult {
  const r = requireGroup(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  checkKeyGroup(s, ctx.account, input.KeyGroupConfig);
  const other = s.store.byName(ctx.account, 'key-group', input.KeyGroupConfig.Name);
  if (other && other.id !== r.id) throw alreadyExists('KeyGroupAlreadyExists', 'key group');
  const next = { ...r, name: input.KeyGroupConfig.Name, config: input.KeyGroupConfig, etag: newEtag(), modified: s.clock.now() };
  s.store.transaction(() => s.store.update(next));
  return { KeyGroup: keyGroupOf(next), ETag: next.etag };
}

export function deleteKeyGroup(s: CloudFrontContext, ctx: RequestContext, input: api.DeleteKeyGroupRequest): void {
  const r = requireGroup(s, ctx.account, input.Id);
  checkIfMatch(r.etag, input.IfMatch);
  if (s.store.list<api.DistributionConfig>(ctx.account, 'distribution').some((d) => behaviorsOf(d.config).some((b) => (b.TrustedKeyGroups?.Items ?? []).includes(r.id)))) throw keyGroupInUse();
  s.store.transaction(() => s.store.delete('key-group', r.id));
}

export function listKeyGroups(s: CloudFrontContext, ctx: RequestContext, input: api.ListKeyGroupsRequest): api.ListKeyGroupsResult {
  const p = page(s.store.list<api.KeyGroupConfig>(ctx.account, 'key-group'), (r) => r.id, input.Marker, input.MaxItems);
  const list: api.KeyGroupList = { MaxItems: p.maxItems, Quantity: p.items.length };
  if (p.items.length) list.Items = p.items.map((r) => ({ KeyGroup: keyGroupOf(r) }));
  if (p.nextMarker) list.NextMarker = p.nextMarker;
  return { KeyGroupList: list };
}
