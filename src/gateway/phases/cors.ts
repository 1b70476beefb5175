// CORS: the preflight phase (a service's own preflight hook first, e.g. S3 bucket CORS rules) and the response phase
// that adds CORS headers to actual requests carrying Origin. As in AWS, only S3 answers browsers by itself (from bucket
// CORS rules); every other service sends no CORS headers, and runs no request from a page, unless KUMO_CORS_ORIGINS
// lists the page's origin, so that a web page the user visits can neither read nor change kumo's data.
import type { KumoConfig } from '../../config.js';
import { AwsError } from '../../core/aws-error.js';
import type { WireResponse } from '../../protocol/codec.js';
import type { PipelineContext } from '../pipeline-context.js';
import { originAllowed } from './check-host.js';
import { isPreflight } from './route-service.js';

export const CORS_EXPOSE_HEADERS = [
  'ETag', 'x-amz-request-id', 'x-amz-id-2', 'x-amzn-RequestId', 'x-amz-version-id', 'x-amz-delete-marker',
  'x-amz-server-side-encryption', 'x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1', 'x-amz-checksum-sha256', 'x-amzn-ErrorType', 'x-amzn-query-error', 'Content-Range',
].join(', ');

/** The answer to a preflight from an origin KUMO_CORS_ORIGINS allows: what the browser asks for. */
function allowedPreflight(ctx: PipelineContext, origin: string): WireResponse {
  return {
    status: 200,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, PUT, POST, DELETE, HEAD, PATCH',
      'access-control-allow-headers': ctx.wire.headers['access-control-request-headers'] ?? '*',
      'access-control-expose-headers': CORS_EXPOSE_HEADERS,
      'access-control-max-age': '3000',
      vary: 'Origin',
    },
    body: undefined,
  };
}

function originRefused(origin: string): AwsError {
  return new AwsError('AccessDenied',
    `kumo does not serve requests from the browser origin '${origin}' (a web page). To let a browser app call kumo, list its origin in KUMO_CORS_ORIGINS (comma-separated; * for any).`,
    { status: 403 });
}

/**
 * corsPreflight (after routeService): an OPTIONS request goes to the routed service's `preflight` hook first (S3
 * answers from the bucket's CORS rules, or with its errors); another browser preflight is allowed only for an origin
 * in KUMO_CORS_ORIGINS. An actual request with an Origin to a service without CORS rules of its own is refused unless
 * allowed: a cross-site form POST (no preflight) must not change state.
 */
export function corsPreflight(config: KumoConfig) {
  return function corsPreflightPhase(ctx: PipelineContext): void {
    const origin = ctx.wire.headers['origin'];
    const host = ctx.wire.headers['host'];
    if (ctx.raw.method !== 'OPTIONS') {
      if (origin !== undefined && ctx.instance?.http?.corsHeaders === undefined && !originAllowed(config, origin, host)) throw originRefused(origin);
      return;
    }
    const answer = ctx.instance?.http?.preflight?.(ctx.wire);
    if (answer) ctx.response = answer;
    else if (isPreflight(ctx)) {
      if (origin !== undefined && originAllowed(config, origin, host)) ctx.response = allowedPreflight(ctx, origin);
      else throw originRefused(origin ?? '');
    }
  };
}

/** Response phase: a request with Origin gets the routed service's CORS headers, or those KUMO_CORS_ORIGINS grants. */
export function applyCors(config: KumoConfig) {
  return function applyCorsPhase(ctx: PipelineContext, response: WireResponse): void {
    const origin = ctx.wire.headers['origin'];
    if (origin === undefined || response.headers['access-control-allow-origin']) return;
    let own: Record<string, string> | undefined;
    try {
      own = ctx.instance?.http?.corsHeaders?.(ctx.wire);
    } catch {
      own = {}; // a failing hook grants nothing
    }
    if (own !== undefined) {
      Object.assign(response.headers, own);
      return;
    }
    if (!originAllowed(config, origin, ctx.wire.headers['host'])) return;
    response.headers['access-control-allow-origin'] = origin;
    response.headers['access-control-expose-headers'] = CORS_EXPOSE_HEADERS;
    response.headers['vary'] = 'Origin';
  };
}
