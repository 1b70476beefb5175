// Wraps EC2's operation table so that every call that succeeded brings the VPC world's kernel state up to date
// before it answers (a rule authorized is enforced once AuthorizeSecurityGroupIngress returns).
import type { OperationHandler } from '../../service-definition.js';
import type { Ec2Context } from '../context.js';
import type { VpcWorld } from './world.js';

export function syncedOperations(ops: Readonly<Record<string, OperationHandler<Ec2Context> | undefined>>, world: VpcWorld): Record<string, OperationHandler<Ec2Context> | undefined> {
  const out: Record<string, OperationHandler<Ec2Context> | undefined> = {};
  for (const [name, handler] of Object.entries(ops)) {
    if (!handler) continue;
    // Describe calls sync too: a NAT gateway turns available on the runtime clock, seen when someone looks.
    out[name] = (async (service: Ec2Context, ctx: never, input: never) => {
      const result: unknown = await (handler as (s: Ec2Context, c: never, i: never) => unknown)(service, ctx, input);
      await world.sync();
      return result;
    });
  }
  return out;
}
