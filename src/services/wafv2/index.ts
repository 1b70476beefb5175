// The WAFv2 service descriptor (json 1.1, regional; CLOUDFRONT scope through us-east-1): control plane in the state
// store, and an internal API the edge and the ALB proxy call to judge requests (src/net/waf/ evaluator).
import { defineService } from '../service-definition.js';
import type { Wafv2Context } from './context.js';
import type { Publish } from '../cloudwatch/publish.js';

export const wafv2Service = defineService<Wafv2Context>({
  id: 'wafv2',
  scope: 'regional',
  // WAFv2 answers coral validation messages ("1 validation error detected: Value null at 'rules.1.member.name'",
  // quoted in awsdocs/aws-cloudformation-user-guide #589).
  validation: 'coral',
  async load(deps) {
    const { createWafv2 } = await import('./context-factory.js');
    const { WAFV2_OPERATIONS } = await import('./operations.js');
    const { context, internal, samples } = createWafv2(deps);
    // Sampled requests are written behind once a second and at shutdown (sample-store.ts).
    deps.tasks.every('wafv2.samples', 1000, () => samples.flush());
    const { WAF_METRICS_INTERVAL_MS, wafMetricBatches } = await import('./metrics.js');
    deps.tasks.every('wafv2.metrics', WAF_METRICS_INTERVAL_MS, async () => {
      const cw = await deps.internal.get<{ publish: Publish }>('cloudwatch');
      const batches = wafMetricBatches(context, deps.clock.now());
      if (cw) for (const b of batches) cw.publish(b.scope, 'AWS/WAFV2', b.metrics);
    });
    const flusher = { name: 'wafv2.samples', start: () => Promise.resolve(), stop: () => Promise.resolve(samples.flush()) };
    return { context, operations: WAFV2_OPERATIONS, internal, components: [flusher], reset: () => {
        context.traffic.reset();
        context.entities.version++;
      } };
  },
});
