// kumo's own endpoints, answered before any AWS routing: health (ours and LocalStack's shape, so tools written
// for LocalStack find us), reset (ours and moto's server-mode alias); and CORS: the preflight phase and the
// per-service CORS headers, so browser SDKs work and S3 applies bucket CORS rules.
import type { WireResponse } from '../../protocol/codec.js';
import { httpHooksOf } from '../../services/service-definition.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { GatewayServices } from '../gateway-services.js';
import { isPreflight } from './route-service.js';

function json(status: number, body: unknown): PipelineContext['response'] {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
}

export const CORS_ALLOW_HEADERS = '*';
export const CORS_EXPOSE_HEADERS = [
  'ETag', 'x-amz-request-id', 'x-amz-id-2', 'x-amzn-RequestId', 'x-amz-version-id', 'x-amz-delete-marker',
  'x-amz-server-side-encryption', 'x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1', 'x-amz-checksum-sha256', 'x-amzn-ErrorType', 'x-amzn-query-error', 'Content-Range',
].join(', ');

export function internalRoutes(services: GatewayServices) {
  return async function internalRoutesPhase(ctx: PipelineContext): Promise<void> {
    const { method } = ctx.raw;
    const path = ctx.wire.path;
    if (path === '/_kumo/health' && (method === 'GET' || method === 'HEAD')) {
      ctx.response = json(200, services.health());
    } else if (path === '/_localstack/health' && (method === 'GET' || method === 'HEAD')) {
      ctx.response = json(200, services.localstackHealth());
    } else if ((path === '/_kumo/reset' || path === '/moto-api/reset') && method === 'POST') {
      await services.reset();
      ctx.response = json(200, { status: 'ok', reset: true });
    } else if (path.startsWith('/_kumo/')) {
      ctx.response = json(404, { error: `no kumo endpoint ${method} ${path}; see GET /_kumo/health and POST /_kumo/reset` });
    }
  };
}

/** The answer to a preflight no service claims: allow what the browser asks for. */
function genericPreflight(ctx: PipelineContext): PipelineContext['response'] {
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
export function corsPreflight(services: GatewayServices) {
  return async function corsPreflightPhase(ctx: PipelineContext): Promise<void> {
    if (ctx.raw.method !== 'OPTIONS') return;
    const hook = ctx.serviceId ? httpHooksOf(await services.provider(ctx.serviceId))?.preflight : undefined;
    const answer = hook?.(ctx.wire);
    if (answer) ctx.response = answer;
    else if (isPreflight(ctx)) ctx.response = genericPreflight(ctx);
  };
}

const GENERIC_CORS_HEADERS = ['access-control-allow-origin', 'access-control-expose-headers', 'vary'];

/** For a request with Origin: the routed service's own CORS headers replace the generic ones finalize added. */
export async function applyServiceCors(services: GatewayServices, ctx: PipelineContext, response: WireResponse): Promise<void> {
  if (!ctx.serviceId || ctx.wire.headers['origin'] === undefined) return;
  const hook = httpHooksOf(await services.provider(ctx.serviceId))?.corsHeaders;
  let own: Record<string, string> | undefined;
  try {
    own = hook?.(ctx.wire);
  } catch {
    return; // a failing hook leaves the generic headers
  }
  if (own === undefined) return;
  for (const name of GENERIC_CORS_HEADERS) delete response.headers[name];
  Object.assign(response.headers, own);
}
