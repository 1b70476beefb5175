// routeService: decides which service and protocol a request speaks and picks the codec and model for it.
// Form-encoded bodies are read here because the query protocol names its Action and Version in the body.
import { AwsError } from '../../core/aws-error.js';
import { codecFor } from '../../protocol/codecs.js';
import { isFormRequest, routeRequest } from '../../protocol/service-router.js';
import { readBody } from '../body.js';
import type { GatewayServices } from '../gateway-services.js';
import { loadModel } from '../model-loader.js';
import type { PipelineContext } from '../pipeline-context.js';

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
      throw new AwsError('UnknownService', 'kumo serves no enabled service that matches this request (signing name, X-Amz-Target, host or Action).', {
        status: 400,
      });
    }
    ctx.serviceId = route.serviceId;
    ctx.request.service = route.serviceId;
    ctx.request.protocol = route.protocol;
    ctx.model = loadModel(route.serviceId);
    ctx.codec = codecFor(route.protocol);
  };
}
