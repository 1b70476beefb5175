// IAM OpenID Connect providers: the issuers whose tokens STS AssumeRoleWithWebIdentity accepts, with their client
// ids (audiences) and certificate thumbprints (kept as data: kumo fetches nothing). ARN
// arn:aws:iam::<account>:oidc-provider/<url without https://> (IAM User Guide, "Create an OIDC identity provider").
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/iam/api.js';
import type { IamContext } from './context.js';
import { mutate } from './context.js';
import { entityAlreadyExistsMessage, invalidInput, limitExceeded, noSuchEntityMessage } from './errors.js';

export interface OidcProvider {
  account: string;
  /** host[/path], no scheme. */
  url: string;
  arn: string;
  clientIds: string[];
  thumbprints: string[];
  createdAt: number;
}

interface Row {
  account: string;
  url: string;
  client_ids: string;
  thumbprints: string;
  created_at: number;
}

const of = (r: Row): OidcProvider => ({
  account: r.account,
  url: r.url,
  arn: `arn:aws:iam::${r.account}:oidc-provider/${r.url}`,
  clientIds: JSON.parse(r.client_ids) as string[],
  thumbprints: JSON.parse(r.thumbprints) as string[],
  createdAt: r.created_at,
});

/** The provider for an issuer URL (with or without https://, as the iss claim and the ARN write it). */
export function findProvider(iam: IamContext, account: string, issuer: string): OidcProvider | undefined {
  const url = issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
  const row = iam.store.db.prepare('SELECT * FROM iam_oidc_providers WHERE account = ? AND url = ?').get(account, url) as Row | undefined;
  return row && of(row);
}

function byArn(iam: IamContext, ctx: RequestContext, arn: string): OidcProvider {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):oidc-provider\/(.+)$/.exec(arn);
  const found = m && m[1] === ctx.account ? findProvider(iam, ctx.account, m[2]!) : undefined;
  if (!found) throw noSuchEntityMessage(`OpenIDConnect Provider not found for arn ${arn}`);
  return found;
}

// IAM quotas: 100 client ids and 5 thumbprints per provider; a thumbprint is 40 hex characters (SHA-1).
function checkThumbprints(list: readonly string[]): void {
  if (list.length > 5) throw limitExceeded('Thumbprint list must contain fewer than 5 entries.');
  for (const t of list) if (!/^[0-9a-fA-F]{40}$/.test(t)) throw invalidInput(`Thumbprint ${t} is not a 40-character hexadecimal SHA-1 fingerprint.`);
}

function save(iam: IamContext, p: OidcProvider): void {
  iam.store.db
    .prepare('INSERT OR REPLACE INTO iam_oidc_providers (account, url, client_ids, thumbprints, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(p.account, p.url, JSON.stringify(p.clientIds), JSON.stringify(p.thumbprints), p.createdAt);
}

export function createOpenIDConnectProvider(iam: IamContext, ctx: RequestContext, input: api.CreateOpenIDConnectProviderRequest): api.CreateOpenIDConnectProviderResponse {
  if (!/^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(input.Url)) throw invalidInput('Url must begin with https:// and must not contain a query string or fragment.');
  const thumbprints = input.ThumbprintList ?? [];
  checkThumbprints(thumbprints);
  const clientIds = [...new Set(input.ClientIDList ?? [])];
  if (clientIds.length > 100) throw limitExceeded('Client id list must contain at most 100 entries.');
  const url = input.Url.replace(/^https:\/\//, '').replace(/\/$/, '');
  const provider: OidcProvider = { account: ctx.account, url, arn: `arn:aws:iam::${ctx.account}:oidc-provider/${url}`, clientIds, thumbprints, createdAt: iam.clock.now() };
  mutate(iam, () => {
    if (findProvider(iam, ctx.account, url)) throw entityAlreadyExistsMessage(`Provider with url ${input.Url} already exists.`);
    save(iam, provider);
    if (input.Tags && input.Tags.length > 0) iam.store.putTags(ctx.account, 'oidc-provider', provider.arn, input.Tags);
  });
  const out: api.CreateOpenIDConnectProviderResponse = { OpenIDConnectProviderArn: provider.arn };
  if (input.Tags && input.Tags.length > 0) out.Tags = input.Tags;
  return out;
}

export function getOpenIDConnectProvider(iam: IamContext, ctx: RequestContext, input: api.GetOpenIDConnectProviderRequest): api.GetOpenIDConnectProviderResponse {
  const p = byArn(iam, ctx, input.OpenIDConnectProviderArn);
  const out: api.GetOpenIDConnectProviderResponse = { Url: p.url, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, CreateDate: new Date(p.createdAt) };
  const tags = iam.store.tags(ctx.account, 'oidc-provider', p.arn);
  if (tags.length > 0) out.Tags = tags;
  return out;
}

export function listOpenIDConnectProviders(iam: IamContext, ctx: RequestContext): api.ListOpenIDConnectProvidersResponse {
  const rows = iam.store.db.prepare('SELECT * FROM iam_oidc_providers WHERE account = ? ORDER BY url').all(ctx.account) as Row[];
  return { OpenIDConnectProviderList: rows.map((r) => ({ Arn: of(r).arn })) };
}

export function deleteOpenIDConnectProvider(iam: IamContext, ctx: RequestContext, input: api.DeleteOpenIDConnectProviderRequest): Record<string, never> {
  mutate(iam, () => {
    const p = byArn(iam, ctx, input.OpenIDConnectProviderArn);
    iam.store.db.prepare('DELETE FROM iam_oidc_providers WHERE account = ? AND url = ?').run(ctx.account, p.url);
    iam.store.removeTags(ctx.account, 'oidc-provider', p.arn, iam.store.tags(ctx.account, 'oidc-provider', p.arn).map((t) => t.Key));
  });
  return {};
}

export function addClientId(iam: IamContext, ctx: RequestContext, input: api.AddClientIDToOpenIDConnectProviderRequest): Record<string, never> {
  mutate(iam, () => {
    const p = byArn(iam, ctx, input.OpenIDConnectProviderArn);
    if (!p.clientIds.includes(input.ClientID)) save(iam, { ...p, clientIds: [...p.clientIds, input.ClientID] });
  });
  return {};
}

export function removeClientId(iam: IamContext, ctx: RequestContext, input: api.RemoveClientIDFromOpenIDConnectProviderRequest): Record<string, never> {
  mutate(iam, () => {
    const p = byArn(iam, ctx, input.OpenIDConnectProviderArn);
    save(iam, { ...p, clientIds: p.clientIds.filter((c) => c !== input.ClientID) });
  });
  return {};
}

export function updateThumbprints(iam: IamContext, ctx: RequestContext, input: api.UpdateOpenIDConnectProviderThumbprintRequest): Record<string, never> {
  checkThumbprints(input.ThumbprintList);
  mutate(iam, () => save(iam, { ...byArn(iam, ctx, input.OpenIDConnectProviderArn), thumbprints: input.ThumbprintList }));
  return {};
}
