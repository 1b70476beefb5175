// CORS: the preflight phase (a service's own preflight hook first, e.g. S3 bucket CORS rules) and the response
// phase that adds CORS headers to actual requests carrying Origin (the service's own, else the generic ones).
import type { WireResponse } from '../../protocol/codec.js';
import type { PipelineContext } from '../pipeline-context.js';
import { isPreflight } from './route-service.js';

export const CORS_ALLOW_HEADERS = '*';
export const CORS_EXPOSE_HEADERS = [
  'ETag', 'x-amz-request-id', 'x-amz-id-2', 'x-amzn-RequestId', 'x-amz-version-id', 'x-amz-delete-marker',
  'x-amz-server-side-encryption', 'x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1', 'x-amz-checksum-sha256', 'x-amzn-ErrorType', 'x-amzn-query-error', 'Content-Range',
].join(', ');

/** The answer to a preflight no service claims: allow what the browser asks for. */
function genericPreflight(ctx: PipelineContext): WireResponse {
  return {
    status: 200,
    headers: {
      'access-control-allow-origin': ctx.wire.headers['origin'] ?? '*',
      'access-control-allow-methods': 'GET, PUT, POST, DELETE, HEAD, PATCH',
      'access-control-allow-headers': ctx.wire.headers['access-control-request-headers'] ?? CORS_ALLOW_HEADERS,
      'access-control-expose-headers': CORS_EXPOSE_HEADERS,
      'access-control-max-age': '3000',
      vary: 'Origin',
    },
    body: undefined,
  };
}

/**
 * corsPreflight (after routeService): an OPTIONS request goes to the routed service's `preflight` hook first (S3
 * answers from the bucket's CORS rules, or with its errors); a browser preflight no service claims gets the
 * generic answer. A plain OPTIONS nobody claims continues down the pipeline (usually MethodNotAllowed).
 */
export async function corsPreflight(ctx: PipelineContext): Promise<void> {
  if (ctx.raw.method !== 'OPTIONS') return;
  const answer = ctx.instance?.http?.preflight?.(ctx.wire);
  if (answer) ctx.response = answer;
  else if (isPreflight(ctx)) ctx.response = genericPreflight(ctx);
}

/** Response phase: a request with Origin gets the routed service's CORS headers, or the generic ones. */
export function applyCors(ctx: PipelineContext, response: WireResponse): void {
  const origin = ctx.wire.headers['origin'];
  if (origin === undefined || response.headers['access-control-allow-origin']) return;
  let own: Record<string, string> | undefined;
  try {
    own = ctx.instance?.http?.corsHeaders?.(ctx.wire);
  } catch {
    own = undefined; // a failing hook leaves the generic headers
  }
  if (own !== undefined) {
    Object.assign(response.headers, own);
    return;
  }
  response.headers['access-control-allow-origin'] = origin;
  response.headers['access-control-expose-headers'] = CORS_EXPOSE_HEADERS;
  response.headers['vary'] = 'Origin';
}
