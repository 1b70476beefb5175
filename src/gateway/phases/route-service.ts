// routeService: decides which service and protocol a request speaks and picks the codec and model for it.
// Form-encoded bodies are read here because the query protocol names its Action and Version in the body.
// A service's `rewrite` hook then puts the request in the form its codec reads (S3 virtual hosts → path style);
// the path as sent is kept for signature verification, which covers the path the client signed.
import { AwsError } from '../../core/aws-error.js';
import { codecFor } from '../../protocol/codecs.js';
import { isFormRequest, routeRequest } from '../../protocol/service-router.js';
import { httpHooksOf } from '../../services/service-definition.js';
import { readBody } from '../body.js';
import type { GatewayServices } from '../gateway-services.js';
import { loadModel } from '../model-loader.js';
import type { PipelineContext } from '../pipeline-context.js';

/** A browser preflight: OPTIONS with Access-Control-Request-Method. */
export function isPreflight(ctx: PipelineContext): boolean {
  return ctx.raw.method === 'OPTIONS' && ctx.wire.headers['access-control-request-method'] !== undefined;
}

export function routeService(services: GatewayServices) {
  return async function routeServicePhase(ctx: PipelineContext): Promise<void> {
    if (isFormRequest(ctx.raw)) {
      ctx.wire.body = await readBody(ctx.raw.body);
      ctx.form = new URLSearchParams(ctx.wire.body.toString('utf8'));
    }
    const route = routeRequest(
      { method: ctx.raw.method, path: ctx.wire.path, query: ctx.query, headers: ctx.wire.headers, form: ctx.form },
      services.enabled,
    );
    if (!route) {
      // A preflight names no service; the preflight phase answers it generically.
      if (isPreflight(ctx)) return;
      throw new AwsError('UnknownService', 'kumo serves no enabled service that matches this request (signing name, X-Amz-Target, host or Action).', {
        status: 400,
      });
    }
    ctx.serviceId = route.serviceId;
    ctx.request.service = route.serviceId;
    ctx.request.protocol = route.protocol;
    ctx.model = loadModel(route.serviceId);
    ctx.codec = codecFor(route.protocol);
    const rewrite = httpHooksOf(await services.provider(route.serviceId))?.rewrite;
    if (rewrite) {
      const sent = ctx.wire.path;
      rewrite(ctx.wire);
      if (ctx.wire.path !== sent) ctx.pathAsSent = sent;
    }
  };
}
