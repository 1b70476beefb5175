// The S3 service descriptor: S3's signing and request-id style, and a loader that builds S3State over the shared
// stores, its operation table and HTTP hooks, and the background work: the sweep of unreferenced blobs (left by a
// crash between blob write and metadata commit) and the lifecycle rules, both on the runtime clock.
import { defineService } from '../service-definition.js';
import type { S3State } from './s3-state.js';
import type { IamInternal } from '../iam/credentials.js';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** The first sweep waits a few seconds so a large bucket never delays startup. */
const FIRST_SWEEP_DELAY_MS = 5_000;
/** S3 evaluates lifecycle rules about daily; hourly keeps expiry within an hour of its midnight. */
const LIFECYCLE_INTERVAL_MS = 60 * 60 * 1000;

export const s3Service = defineService<S3State>({
  id: 's3',
  scope: 'regional',
  validation: 'none',
  requestIds: 's3',
  signatureStyle: 's3',
  // Lifecycle rules and the blob sweep must run after a restart even if no request touches S3.
  eager: true,
  // Virtual-hosted and accelerate names: `<bucket>.s3.<name>`, `<bucket>.s3-<region or accelerate>.<name>`, where the
  // name after the S3 label is itself one kumo accepts (a rebinding attacker's own domain never is).
  hostRule: (name, allowed) => {
    const m = /^(?:[^]*\.)?s3(?:-[a-z0-9-]+)?\.(.+)$/.exec(name);
    return m !== null && allowed(m[1]!);
  },
  // A custom domain named like a bucket with a website configuration (a CNAME or alias to its website endpoint) is
  // served as that website, and only as it (http.site; website/website-hook.ts).
  siteHosts: true,
  // Event notifications are delivered to SQS queues through SQS in process.
  dependsOn: ['sqs'],
  async load(deps) {
    const [{ S3State }, { S3_OPERATIONS, beforeEachS3Operation }, { s3HttpHooks }, { runLifecycle }, { s3Internal }] = await Promise.all([
      import('./s3-state.js'), import('./operations.js'), import('./http/http-hooks.js'), import('./buckets/lifecycle-runner.js'), import('./s3-internal.js'),
    ]);
    const state = new S3State({ store: deps.store, blobs: deps.blobs, clock: deps.clock, internal: deps.internal, restoreSeconds: deps.config.s3RestoreSeconds, enforcePublicAccessBlock: deps.config.enforceIam });
    deps.tasks.every('s3.blob-sweep', SWEEP_INTERVAL_MS, () => void state.sweep(), { firstDelayMs: FIRST_SWEEP_DELAY_MS });
    deps.tasks.every('s3.lifecycle', LIFECYCLE_INTERVAL_MS, () => {
      runLifecycle(state, deps.clock.now());
    });
    return {
      context: state,
      operations: S3_OPERATIONS,
      beforeEach: beforeEachS3Operation,
      http: s3HttpHooks(state, {
        enforceIam: deps.config.enforceIam,
        defaultAccount: deps.config.defaultAccount,
        port: deps.config.port,
        gateway: deps.gateway,
        iam: async () => (await deps.internal.get<IamInternal>('iam')),
      }),
      reset: () => state.buckets.clearCache(),
      internal: s3Internal(state),
    };
  },
});
