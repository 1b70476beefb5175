// S3 for unit tests and benchmarks without the runtime: S3State over the given stores and the operation table,
// callable by the generated S3Api's method names, with the state itself exposed as `state`.
import type { S3Api } from '../../generated/s3/api.js';
import { apiOf } from '../service-harness.js';
import { S3_OPERATIONS, beforeEachS3Operation } from './operations.js';
import { S3State, type S3StateDeps } from './s3-state.js';

export type S3TestApi = S3Api & { state: S3State };

export function s3Api(deps: S3StateDeps): S3TestApi {
  const state = new S3State(deps);
  return apiOf<S3Api, { state: S3State }>({ context: state, operations: S3_OPERATIONS, beforeEach: beforeEachS3Operation }, 's3', { state });
}
