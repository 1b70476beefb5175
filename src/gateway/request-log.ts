// One structured line per request for KUMO_DEBUG=requests: time, request id, method and path, service.operation,
// status, AWS error code and latency; KUMO_DEBUG=pipeline adds each phase's duration.
import type { WireResponse } from '../protocol/codec.js';
import { isAwsError } from '../core/aws-error.js';
import type { PipelineContext } from './pipeline-context.js';

export function requestLogLine(ctx: PipelineContext, response: WireResponse, ms: number, withPhases: boolean): string {
  const { request } = ctx;
  const target = request.service ? `${request.service}.${request.operation || '?'}` : ctx.response ? 'kumo' : 'unrouted';
  const code = ctx.error === undefined ? '' : ` ${isAwsError(ctx.error) ? ctx.error.code : 'InternalFailure'}`;
  const path = ctx.raw.url.length > 120 ? `${ctx.raw.url.slice(0, 117)}...` : ctx.raw.url;
  const phases = withPhases ? ` ${ctx.timings.map(([n, t]) => `${n}=${t.toFixed(3)}ms`).join(' ')}` : '';
  return `${new Date().toISOString()} ${request.requestId} ${ctx.raw.method} ${path} ${target} ${response.status}${code} ${ms.toFixed(1)}ms${phases}`;
}
