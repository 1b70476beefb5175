// routeService: decides which service and protocol a request speaks, resolves that service's descriptor and
// instance once, and picks the codec and model. Form-encoded bodies are read here because the query protocol names
// its Action and Version in the body (parsed once, shared with the query codec). A service's `rewrite` hook then puts the request in the form its codec reads
// (S3 virtual hosts → path style); the path as sent is kept for signature verification.
import { AwsError } from '../../core/aws-error.js';
import { codecFor } from '../../protocol/codecs.js';
import { formOf } from '../../protocol/query.js';
import { credentialScopeService, isFormRequest, routeRequest, type Route } from '../../protocol/service-router.js';
import { unknownOperation } from './parse.js';
import type { ServiceRegistry } from '../../runtime/service-registry.js';
import { arrivedBody, readBody } from '../body.js';
import { loadModel } from '../model-loader.js';
import type { PipelineContext } from '../pipeline-context.js';
import { unroutable } from '../unroutable.js';

/** A browser preflight: OPTIONS with Access-Control-Request-Method. */
export function isPreflight(ctx: PipelineContext): boolean {
  return ctx.raw.method === 'OPTIONS' && ctx.wire.headers['access-control-request-method'] !== undefined;
}

/**
 * A transfer coding besides chunked (`Transfer-Encoding: gzip, chunked`): Node undoes only the chunking, so the body
 * would be taken as sent, still compressed. S3 answers a header it does not support with 501 NotImplemented "A header
 * you provided implies functionality that is not implemented" naming the header (S3 ErrorResponses, NotImplemented).
 */
export function unsupportedTransferCoding(headers: Record<string, string>): AwsError | undefined {
  const te = headers['transfer-encoding'];
  if (te === undefined) return undefined;
  const codings = te.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
  if (codings.every((c) => c === 'chunked' || c === 'identity')) return undefined;
  return new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', {
    status: 501, fields: { Header: 'Transfer-Encoding' },
  });
}

/**
 * An unsigned query request (Action in the form or URL) whose Version no service has: the router cannot pick by
 * version, and S3 (the last resort) would answer 405. The query service that has the Action takes it, so its own
 * version check answers (STS InvalidAction, SQS NoSuchVersion); an Action no query service has is InvalidAction.
 */
function queryByAction(ctx: PipelineContext, services: ServiceRegistry): Route | undefined {
  const form = ctx.form ?? (ctx.query.has('Action') ? ctx.query : undefined);
  const action = form?.get('Action');
  const version = form?.get('Version');
  if (!action || !version || credentialScopeService({ method: ctx.raw.method, path: ctx.wire.path, query: ctx.query, headers: ctx.wire.headers, form: ctx.form }) !== undefined) return undefined;
  const query = services.enabled.filter((s) => s.metadata.protocols.includes('query') || s.metadata.protocols.includes('ec2') || s.metadata.awsQueryCompatible);
  if (query.some((s) => s.metadata.apiVersion === version)) return undefined;
  const owner = query.find((s) => Object.hasOwn(loadModel(s.id).operations, action));
  if (owner) return { serviceId: owner.id, protocol: owner.metadata.protocol === 'ec2' ? 'ec2' : 'query' };
  ctx.request.protocol = 'query';
  throw unknownOperation('query', action, version);
}

/** Returns a promise only when it has to wait (a form body still arriving, a service loading, a service's own
 *  answer); the usual request is routed at once. */
export function routeService(services: ServiceRegistry) {
  return function routeServicePhase(ctx: PipelineContext): Promise<void> | undefined {
    const badCoding = unsupportedTransferCoding(ctx.wire.headers);
    if (isFormRequest(ctx.raw) && badCoding === undefined) {
      const arrived = arrivedBody(ctx.raw.body);
      if (arrived === undefined) {
        return readBody(ctx.raw.body).then((body) => {
          ctx.wire.body = body;
          ctx.form = formOf(ctx.wire);
          return route(ctx, badCoding);
        });
      }
      ctx.wire.body = arrived;
      // Parsed once: the query codec's formOf() returns this same object for this request.
      ctx.form = formOf(ctx.wire);
    }
    return route(ctx, badCoding);
  };

  function route(ctx: PipelineContext, badCoding: AwsError | undefined): Promise<void> | undefined {
    const routing = { method: ctx.raw.method, path: ctx.wire.path, query: ctx.query, headers: ctx.wire.headers, form: ctx.form };
    const route = queryByAction(ctx, services) ?? routeRequest(routing, services.enabled);
    if (!route) {
      // A preflight names no service; the preflight phase answers it.
      if (isPreflight(ctx)) return undefined;
      throw unroutable(routing, services);
    }
    ctx.serviceId = route.serviceId;
    ctx.request.service = route.serviceId;
    ctx.request.protocol = route.protocol;
    ctx.descriptor = services.descriptor(route.serviceId);
    if (ctx.descriptor) {
      const loaded = services.loadedInstance(route.serviceId);
      if (loaded === undefined) {
        return services.instance(route.serviceId).then((instance) => {
          ctx.instance = instance;
          return prepare(ctx, route, badCoding);
        });
      }
      ctx.instance = loaded;
    }
    return prepare(ctx, route, badCoding);
  }

  function prepare(ctx: PipelineContext, route: Route, badCoding: AwsError | undefined): Promise<void> | undefined {
    ctx.model = loadModel(route.serviceId);
    ctx.codec = codecFor(route.protocol);
    if (badCoding) throw badCoding;
    const rewrite = ctx.instance?.http?.rewrite;
    if (rewrite) {
      const sent = ctx.wire.path;
      rewrite(ctx.wire);
      if (ctx.wire.path !== sent) ctx.pathAsSent = sent;
    }
    const served = ctx.instance?.http?.serve?.(ctx.wire, ctx.raw.body, ctx.request.requestId);
    return served?.then((response) => void (ctx.response = response));
  }
}
