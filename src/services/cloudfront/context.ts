// What every CloudFront handler shares: the repository, the runtime clock, the edge that serves committed
// distributions (told of every change and asked to purge on invalidation), and the WAF lookup for WebACLId.
import type { Clock } from '../../core/clock.js';
import type { CloudFrontStore } from './store.js';
import type { StoredDistribution } from './distributions.js';

/** The edge as the control plane sees it: serves what is committed, purges before an invalidation answers. */
export interface EdgeControl {
  /** A distribution was created or updated (the edge serves it from now on), or deleted (undefined config). */
  publish(distribution: StoredDistribution): void;
  remove(id: string): void;
  /** Drops cached objects of a distribution matching invalidation paths; resolves once they are gone. */
  purge(distributionId: string, paths: readonly string[]): Promise<void>;
}

/** Whether a WebACLId names a CLOUDFRONT-scope web ACL; undefined when WAF is not available in this kumo. */
export type WebAclExists = ((account: string, webAclArn: string) => boolean) | undefined;

export interface CloudFrontContext {
  store: CloudFrontStore;
  clock: Clock;
  edge: EdgeControl;
  webAclExists: () => Promise<WebAclExists>;
}
