// routeService: decides which service and protocol a request speaks, resolves that service's descriptor and
// instance once, and picks the codec and model. Form-encoded bodies are read here because the query protocol names
// its Action and Version in the body (parsed once, shared with the query codec). A service's `rewrite` hook then puts the request in the form its codec reads
// (S3 virtual hosts → path style); the path as sent is kept for signature verification.
import { codecFor } from '../../protocol/codecs.js';
import { formOf } from '../../protocol/query.js';
import { isFormRequest, routeRequest } from '../../protocol/service-router.js';
import type { ServiceRegistry } from '../../runtime/service-registry.js';
import { readBody } from '../body.js';
import { loadModel } from '../model-loader.js';
import type { PipelineContext } from '../pipeline-context.js';
import { unroutable } from '../unroutable.js';

/** A browser preflight: OPTIONS with Access-Control-Request-Method. */
export function isPreflight(ctx: PipelineContext): boolean {
  return ctx.raw.method === 'OPTIONS' && ctx.wire.headers['access-control-request-method'] !== undefined;
}

export function routeService(services: ServiceRegistry) {
  return async function routeServicePhase(ctx: PipelineContext): Promise<void> {
    if (isFormRequest(ctx.raw)) {
      ctx.wire.body = await readBody(ctx.raw.body);
      // Parsed once: the query codec's formOf() returns this same object for this request.
      ctx.form = formOf(ctx.wire);
    }
    const routing = { method: ctx.raw.method, path: ctx.wire.path, query: ctx.query, headers: ctx.wire.headers, form: ctx.form };
    const route = routeRequest(routing, services.enabled);
    if (!route) {
      // A preflight names no service; the preflight phase answers it.
      if (isPreflight(ctx)) return;
      throw unroutable(routing, services);
    }
    ctx.serviceId = route.serviceId;
    ctx.request.service = route.serviceId;
    ctx.request.protocol = route.protocol;
    ctx.descriptor = services.descriptor(route.serviceId);
    ctx.instance = ctx.descriptor ? await services.instance(route.serviceId) : undefined;
    ctx.model = loadModel(route.serviceId);
    ctx.codec = codecFor(route.protocol);
    const rewrite = ctx.instance?.http?.rewrite;
    if (rewrite) {
      const sent = ctx.wire.path;
      rewrite(ctx.wire);
      if (ctx.wire.path !== sent) ctx.pathAsSent = sent;
    }
  };
}
