// CloudWatch without the runtime, for unit tests and benchmarks: calls an operation of the table by its AWS name
// on a context, with a fixed request context (account 000000000000, us-east-1).
import type { RequestContext } from '../../core/request-context.js';
import type { CloudWatch } from './context.js';
import { CLOUDWATCH_OPERATIONS } from './operations.js';

export const TEST_CTX: RequestContext = {
  requestId: 'test',
  service: 'cloudwatch',
  operation: '',
  account: '000000000000',
  region: 'us-east-1',
  accessKeyId: undefined,
  host: 'localhost',
  protocol: undefined,
  startedAt: 0,
};

/** Runs `operation` (e.g. 'PutMetricData') with `input`; throws what the handler throws. */
export function callCloudWatch(cw: CloudWatch, operation: string, input: unknown, ctx: RequestContext = TEST_CTX): unknown {
  const handler = CLOUDWATCH_OPERATIONS[operation] as ((s: CloudWatch, c: RequestContext, i: unknown) => unknown) | undefined;
  if (handler === undefined) throw new Error(`no handler for ${operation}`);
  return handler(cw, ctx, input);
}
