// kumo's own endpoints, answered before any AWS routing: health (ours and LocalStack's shape, so tools written
// for LocalStack find us), reset (ours and moto's server-mode alias), and CORS preflight so browser SDKs work.
import type { PipelineContext } from '../pipeline-context.js';
import type { GatewayServices } from '../gateway-services.js';

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
    } else if (method === 'OPTIONS' && ctx.wire.headers['access-control-request-method']) {
      // Browser preflight: allow what the browser asks for. S3 bucket CORS rules refine this when S3 serves it.
      ctx.response = {
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
  };
}
