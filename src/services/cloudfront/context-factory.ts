// Builds CloudFront from the runtime's dependencies: migrates its tables, builds the edge (cache, listeners, origin
// clients, geo table) and wires the control plane to it, so every committed change is served at once; asks WAFv2
// for its web ACL lookup when WAFv2 is part of this kumo.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type * as api from '../../generated/cloudfront/api.js';
import { compileDistribution, type PolicyLookup } from '../../net/edge/compiled.js';
import { join } from 'node:path';
import { CacheFiles } from '../../net/edge/cache-files.js';
import { Edge } from '../../net/edge/edge.js';
import { EdgeListeners } from '../../net/edge/edge-listeners.js';
import { OriginClient } from '../../net/edge/origin-fetch.js';
import { OriginNames } from '../../net/edge/origin-names.js';
import type { Route53Internal } from '../../net/dns/service-names.js';
import { geoTableFor } from '../../net/geo/geo-table.js';
import { localCa } from '../../net/tls/local-ca.js';
import type { ServiceDeps, ServiceInstance } from '../service-definition.js';
import { distributionArn } from './common.js';
import type { CloudFrontContext, EdgeControl } from './context.js';
import type { EdgeWaf } from '../../net/edge/waf-port.js';
import type { Publish } from '../cloudwatch/publish.js';
import type { StoredDistribution } from './distributions.js';
import { pathCovers } from './invalidation-paths.js';
import { CLOUDFRONT_COMPONENT, CLOUDFRONT_MIGRATIONS, CLOUDFRONT_TABLES } from './migrations.js';
import { CLOUDFRONT_OPERATIONS } from './operations.js';
import { policyConfig } from './policies.js';
import { s3CustomDomainSites, s3OriginFetch, s3WebsiteOrigins } from './s3-origin.js';
import { CloudFrontStore } from './store.js';
import { CloudFrontNames } from './dns-names.js';
import { addAliases, removeAliases } from './served-aliases.js';

/** A CloudFront web ACL ARN (scope CLOUDFRONT lives in us-east-1 as `global/webacl/`). */
const CLOUDFRONT_WEB_ACL = /^arn:aws:wafv2:us-east-1:(\d{12}):global\/webacl\/[^/]+\/[^/]+$/;

export function createCloudFront(deps: ServiceDeps): ServiceInstance<CloudFrontContext> {
  deps.store.migrate(CLOUDFRONT_COMPONENT, CLOUDFRONT_MIGRATIONS);
  deps.store.registerTables(CLOUDFRONT_COMPONENT, CLOUDFRONT_TABLES);
  const store = new CloudFrontStore(deps.store);
  const ca = localCa(deps.config);
  const origins = new OriginClient(ca.certPem);
  const ports = { http: deps.config.edgeHttpPort ?? deps.endpoints.portFor(80), https: deps.config.edgeHttpsPort ?? deps.endpoints.portFor(443) };
  let listeners: EdgeListeners | undefined = undefined;
  // Public keys parsed once per PEM (a key's EncodedKey never changes; UpdatePublicKey refuses to).
  const publicKeys = new Map<string, KeyObject>();
  // WAFv2's in-process API (helper "waf"): loaded with the edge; undefined when WAFv2 is not part of this kumo.
  let waf: EdgeWaf | undefined;
  const loadWaf = async () => (waf ??= await deps.internal.get<EdgeWaf>('wafv2'));
  // Big cached bodies as files: under the data directory (emptied at start: a new POP), or a temp directory in memory mode.
  const files = new CacheFiles(deps.config.inMemory ? undefined : join(deps.config.dataDir, 'edge-cache'));
  const edge = new Edge({
    clock: deps.clock,
    cacheBytes: deps.config.edgeCacheMb * 1024 * 1024,
    files: { store: files, maxBytes: deps.config.edgeCacheFilesMb * 1024 * 1024 },
    geo: geoTableFor(deps.config),
    trustViewerAddress: deps.config.edgeTrustViewerAddress,
    origins,
    s3: s3OriginFetch(deps),
    // Origin names kumo's DNS answers (load balancers, Route 53 zones) are resolved by its engine in process first.
    names: new OriginNames({
      query: async () => {
        const r53 = await deps.internal.get<Route53Internal>('route-53').catch(() => undefined);
        return r53?.query ? (message) => r53.query!(message) : undefined;
      },
      now: () => deps.clock.now(),
    }),
    portFor: (port) => deps.endpoints.portFor(port),
    website: s3WebsiteOrigins(deps),
    sites: s3CustomDomainSites(deps),
    httpsPort: () => listeners?.httpsPort ?? ports.https,
    waf: () => waf,
    trustedKey: (account, keyGroups, keyPairId) => {
      if (!keyGroups.some((g) => store.get<api.KeyGroupConfig>(account, 'key-group', g)?.config.Items.includes(keyPairId))) return undefined;
      const pem = store.get<api.PublicKeyConfig>(account, 'public-key', keyPairId)?.config.EncodedKey;
      if (pem === undefined) return undefined;
      let key = publicKeys.get(pem);
      if (!key) publicKeys.set(pem, (key = createPublicKey(pem)));
      return key;
    },
  });
  listeners = new EdgeListeners(edge, ca, ports);
  const context: CloudFrontContext = {
    store,
    clock: deps.clock,
    edge: undefined as unknown as EdgeControl,
    webAclExists: async () => {
      const w = await loadWaf();
      if (!w) return undefined;
      return (account, arn) => CLOUDFRONT_WEB_ACL.exec(arn)?.[1] === account && w.webAclForResource(arn) !== undefined;
    },
  };
  const lookupFor = (account: string): PolicyLookup => ({
    cache: (id) => policyConfig<api.CachePolicyConfig>(context, account, 'cache', id),
    originRequest: (id) => policyConfig<api.OriginRequestPolicyConfig>(context, account, 'originRequest', id),
    oac: (id) => store.get<api.OriginAccessControlConfig>(account, 'oac', id)?.config,
  });
  // Distribution names resolve to the edge in Route 53's DNS server.
  const dnsNames = new CloudFrontNames(deps.internal);
  // Each distribution's aliases as registered for the gateway's Host check (served-aliases.ts).
  const aliasesById = new Map<string, string[]>();
  const setAliases = (id: string, names: string[] | undefined) => {
    removeAliases(aliasesById.get(id) ?? []);
    aliasesById.delete(id);
    if (names?.length) {
      addAliases(names);
      aliasesById.set(id, names);
    }
  };
  const publish = (d: StoredDistribution) => {
    setAliases(d.id, (d.config.Aliases?.Items ?? []).map((a) => a.toLowerCase()));
    edge.set(compileDistribution({ id: d.id, account: d.account, arn: distributionArn(d.account, d.id), domainName: d.extra.domainName, config: d.config }, lookupFor(d.account)));
    dnsNames.set(d.id, d.extra.domainName);
  };
  context.edge = {
    publish,
    remove: (id) => {
      setAliases(id, undefined);
      edge.remove(id);
      dnsNames.remove(id);
    },
    purge: async (id, paths) => {
      edge.cache.purge(id, (uri) => paths.some((p) => pathCovers(p, uri)));
    },
  };
  const loadAll = () => {
    for (const id of [...aliasesById.keys()]) setAliases(id, undefined);
    edge.clear();
    dnsNames.clear();
    for (const d of store.all<api.DistributionConfig, StoredDistribution['extra']>('distribution')) publish(d);
  };
  loadAll();
  // AWS/CloudFront metrics once a minute, in us-east-1 where CloudFront publishes them.
  deps.tasks.every('cloudfront.metrics', 60_000, async () => {
    const batches = edge.stats.drain(deps.clock.now());
    if (batches.length === 0) return;
    const cw = await deps.internal.get<{ publish: Publish }>('cloudwatch');
    if (cw) for (const b of batches) cw.publish({ account: b.account, region: 'us-east-1' }, 'AWS/CloudFront', b.metrics);
  });
  return {
    context,
    operations: CLOUDFRONT_OPERATIONS,
    components: [
      {
        name: listeners.name,
        start: async () => {
          await loadWaf();
          await listeners.start();
        },
        stop: async () => {
          for (const id of [...aliasesById.keys()]) setAliases(id, undefined);
          await listeners.stop();
          origins.close();
          edge.cache.clear();
          files.close();
        },
        health: () => listeners.health(),
      },
    ],
    reset: loadAll,
    internal: {
      edge,
      edgeHttpPort: () => listeners?.httpPort ?? 0,
      // Port 4566's forwarder: which Hosts the edge serves (aliases too), and the token vouching for its viewer address.
      servesHost: (host: string) => edge.distributionFor(host) !== undefined,
      forwardToken: edge.forwardToken,
    },
  };
}
