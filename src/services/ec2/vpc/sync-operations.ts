// Wraps EC2's operation table so that every call that may change the network brings the VPC world's kernel state up
// to date before it answers (a rule authorized is enforced once AuthorizeSecurityGroupIngress returns). Reads do not.
import type { OperationHandler } from '../../service-definition.js';
import type { Ec2Context } from '../context.js';
import type { VpcWorld } from './world.js';

/**
 * Operations that only read: Describe*, Get*, List*, Search*. They answer without a diff of the world (a hot path);
 * what changes with the runtime clock alone (a NAT gateway turning available) the world applies on a clock timer.
 */
export const readOnly = (operation: string): boolean => /^(Describe|Get|List|Search)[A-Z]/.test(operation);

export function syncedOperations(ops: Readonly<Record<string, OperationHandler<Ec2Context> | undefined>>, world: VpcWorld): Record<string, OperationHandler<Ec2Context> | undefined> {
  const out: Record<string, OperationHandler<Ec2Context> | undefined> = {};
  for (const [name, handler] of Object.entries(ops)) {
    if (!handler) continue;
    if (readOnly(name)) {
      out[name] = handler;
      continue;
    }
    out[name] = (async (service: Ec2Context, ctx: never, input: never) => {
      const result: unknown = await (handler as (s: Ec2Context, c: never, i: never) => unknown)(service, ctx, input);
      await world.sync();
      return result;
    });
  }
  return out;
}
