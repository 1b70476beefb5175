// The EC2 service descriptor: VPC networking, instances as data and the reachability verdict, state in the store.
// Before every call the region's default VPC is created if this account has none yet, and DryRun answers.
import { defineService } from '../service-definition.js';
import type { Ec2Context } from './context.js';

export const ec2Service = defineService<Ec2Context>({
  id: 'ec2',
  scope: 'regional',
  validation: 'missing-parameter',
  async load(deps) {
    const { Ec2Store } = await import('./resource-store.js');
    const { EC2_OPERATIONS } = await import('./operations.js');
    const { ensureDefaultVpc } = await import('./network-setup.js');
    const { dryRunOperation } = await import('./errors.js');
    const { reach } = await import('./insights-operations.js');
    const ec2: Ec2Context = { store: new Ec2Store(deps.store), clock: deps.clock };
    return {
      context: ec2,
      operations: EC2_OPERATIONS,
      beforeEach(service, ctx, input) {
        ensureDefaultVpc(service, { account: ctx.account, region: ctx.region });
        // DryRun: the caller may do this (kumo does not enforce IAM here), so EC2's answer is DryRunOperation (412).
        if (input['DryRun'] === true) throw dryRunOperation();
      },
      reset() {
        ec2.store.clear();
      },
      internal: { reach: (scope: { account: string; region: string }, q: Parameters<typeof reach>[2]) => reach(ec2, scope, q) },
    };
  },
});
