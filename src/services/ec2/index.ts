// The EC2 service descriptor: VPC networking, instances (data, or process groups with --run-instances) and the
// reachability verdict, state in the store. Before every call the region's default VPC is created if missing.
import { defineService } from '../service-definition.js';
import type { Ec2Context } from './context.js';

export const ec2Service = defineService<Ec2Context>({
  id: 'ec2',
  scope: 'regional',
  validation: 'missing-parameter',
  // With running instances EC2 starts at boot, so instances that were running come back after a restart.
  eager: (config) => config.runInstances,
  // kumo's API inside the VPC namespaces is reached at IMDS's address (vpc/plan.ts KUMO_API_PORT). An address literal
  // that no web page can be served from, so allowing it as a Host opens nothing to DNS rebinding.
  hostRule: (name) => name === '169.254.169.254',
  async load(deps) {
    const { Ec2Store } = await import('./resource-store.js');
    const { EC2_OPERATIONS } = await import('./operations.js');
    const { ensureDefaultVpc } = await import('./network-setup.js');
    const { dryRunOperation } = await import('./errors.js');
    const { createEc2Internal } = await import('./internal-api.js');
    const ec2: Ec2Context = { store: new Ec2Store(deps.store), clock: deps.clock };
    const runner = deps.config.runInstances ? (await import('./runner/setup.js')).createRunner(ec2, deps) : undefined;
    if (runner) ec2.runner = runner;
    // With running instances on Linux, VPCs are built as namespaces (src/services/ec2/vpc/), else loopback as before.
    const served = runner ? (await import('./vpc/service-handlers.js')).instanceServiceHandlers(ec2, runner, deps.internal) : undefined;
    // kumo's API inside the VPCs: connections go to the gateway's own HTTP server.
    const handlers = served ? { ...served, api: (socket: import('node:net').Socket) => deps.gateway?.accept?.(socket) ?? false } : undefined;
    const world = runner ? new (await import('./vpc/world.js')).VpcWorld(ec2, deps.logger, deps.config.vpcDataPlane, deps.clock, handlers, deps.config.exposePublicIps, (p) => deps.endpoints.portFor(p)) : undefined;
    // The runner changes instance states by itself (a process exits, a stop completes): the world follows.
    if (runner && world) runner.onStateChange = () => void world.sync();
    // With the world up, user data runs inside its instance's namespace (vpc/instance-placement.ts).
    if (runner && world && deps.config.instancesInNamespaces) runner.placement = (await import('./vpc/instance-placement.js')).namespacePlacement(ec2, world, (p) => deps.endpoints.portFor(p));
    return {
      context: ec2,
      operations: world ? (await import('./vpc/sync-operations.js')).syncedOperations(EC2_OPERATIONS, world) : EC2_OPERATIONS,
      beforeEach(service, ctx, input) {
        ensureDefaultVpc(service, { account: ctx.account, region: ctx.region });
        // DryRun: the caller may do this (kumo does not enforce IAM here), so EC2's answer is DryRunOperation (412).
        if (input['DryRun'] === true) throw dryRunOperation();
      },
      // The world first: instances restored by the runner find their namespaces built from the store.
      ...(runner ? { components: [...(world ? [world.component()] : []), runner.component()] } : {}),
      reset() {
        runner?.killAll();
        ec2.store.clear();
        void world?.sync();
      },
      internal: createEc2Internal(ec2, runner, world),
    };
  },
});
