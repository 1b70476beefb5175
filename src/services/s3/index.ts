// The S3 service definition: builds S3Provider over the shared state store, blob store and clock, and sweeps
// unreferenced blobs (left by a crash between blob write and metadata commit) and applies lifecycle rules hourly.
import { defineService } from '../service-definition.js';
import { runLifecycle } from './lifecycle-runner.js';
import { S3Provider } from './provider.js';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** The first sweep waits a few seconds so a large bucket never delays the request that loaded S3. */
const FIRST_SWEEP_DELAY_MS = 5_000;
/** S3 evaluates lifecycle rules about daily; hourly keeps expiry within an hour of its midnight. */
const LIFECYCLE_INTERVAL_MS = 60 * 60 * 1000;

export const s3Service = defineService({
  id: 's3',
  scope: 'regional',
  // Event notifications are delivered to SQS queues through the SQS provider in process.
  dependsOn: ['sqs'],
  create(deps) {
    const provider = new S3Provider({ store: deps.store, blobs: deps.blobs, clock: deps.clock, internal: deps.internal });
    const cancels: Array<() => void> = [];
    const sweep = (): void => {
      provider.state.sweep();
    };
    return {
      provider,
      start() {
        cancels.push(deps.scheduler.after(FIRST_SWEEP_DELAY_MS, sweep));
        cancels.push(deps.scheduler.every(SWEEP_INTERVAL_MS, sweep));
        cancels.push(deps.scheduler.every(LIFECYCLE_INTERVAL_MS, () => {
          runLifecycle(provider.state, deps.clock.now());
        }));
      },
      stop() {
        for (const cancel of cancels.splice(0)) cancel();
      },
      reset() {
        provider.state.buckets.clearCache();
      },
    };
  },
});

export default s3Service;
