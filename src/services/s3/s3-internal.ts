// S3's in-process interface for the gateway's authorize phase: the public-access facts (ACL grants to everyone,
// Block Public Access) of the bucket or object a request from outside the owner's account names; and for the
// CloudFront edge, whether S3's website answers a Host no distribution has (a custom domain through Route 53).
import type { WireRequest } from '../../protocol/codec.js';
import { customDomainSite } from './website/website-hook.js';
import type { Grant, PublicAccessBlockConfiguration } from '../../generated/s3/api.js';
import { publicAccessFacts, type PublicAccessFacts } from './buckets/public-access.js';
import type { S3State } from './s3-state.js';

export interface S3Internal {
  /** Undefined when the bucket does not exist (the operation answers NoSuchBucket). */
  publicAccess(q: { bucket: string; key?: string | undefined; versionId?: string | undefined; operation: string; authenticated: boolean; callerCanonicalId?: string | undefined }): PublicAccessFacts | undefined;
  /** Whether S3's `http.site` hook answers this request: its Host names a bucket with a website configuration, it is
   *  unsigned and not a CORS preflight (the same test the hook makes; website/website-hook.ts). */
  servesSite(req: WireRequest): boolean;
}

export function s3Internal(s: S3State): S3Internal {
  return {
    publicAccess(q) {
      const bucket = s.buckets.get(q.bucket);
      if (!bucket) return undefined;
      return publicAccessFacts({
        pab: s.buckets.getConfig<PublicAccessBlockConfiguration>(q.bucket, 'public-access-block'),
        aclsDisabled: s.buckets.getConfig<{ Rules?: Array<{ ObjectOwnership?: string }> }>(q.bucket, 'ownership')?.Rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced',
        policy: s.buckets.getConfig<string>(q.bucket, 'policy'),
        bucketGrants: s.buckets.getConfig<Grant[]>(q.bucket, 'acl') ?? [],
        objectGrants: () => {
          if (q.key === undefined) return undefined;
          const row = q.versionId === undefined ? s.objects.latest(q.bucket, q.key) : s.objects.version(q.bucket, q.key, q.versionId);
          return row && !row.isDeleteMarker ? row.meta.grants : undefined;
        },
      }, q.operation, q.authenticated, q.callerCanonicalId);
    },
    servesSite(req) {
      // The hook leaves a browser's CORS preflight to the bucket's CORS rules, which a custom domain never reaches.
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) return false;
      return customDomainSite(s, req);
    },
  };
}
