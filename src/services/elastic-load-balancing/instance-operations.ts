// Registering and deregistering instances, their health (InService / OutOfService / Unknown with the InstanceState
// reference's reason codes and descriptions) and ConfigureHealthCheck. Instances must be in the load balancer's VPC.
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing/api.js';
import { modeledError } from '../../generated/elastic-load-balancing/errors.js';
import type { Clb } from './context.js';
import { ec2Internal, instanceOf } from './ec2-lookup.js';
import { clone, findLb } from './lb-operations.js';
import { parseHealthTarget, validationError } from './names.js';

export async function registerInstancesWithLoadBalancer(s: Clb, ctx: RequestContext, input: Api.RegisterEndPointsInput): Promise<Api.RegisterEndPointsOutput> {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  for (const { InstanceId: id = '' } of input.Instances) {
    const view = await instanceOf(s, ctx, id);
    if (view.vpcId && view.vpcId !== rec.vpcId) throw modeledError('InvalidEndPointException', `Instance ${id} is not in the same VPC as ELB.`);
    if (rec.instances.some((i) => i.id === id)) continue; // registering twice changes nothing
    rec.instances.push({ id, zone: view.availabilityZone, registeredAt: s.now() });
    s.health.registered(rec, id);
    s.plane.undrain(rec, id);
  }
  s.state.put(rec);
  return { Instances: rec.instances.map((i) => ({ InstanceId: i.id })) };
}

/** Instances that are not registered are ignored; unknown instance ids are InvalidInstance. With connection
 *  draining on, open connections keep going for the draining timeout; off, they are closed at once. */
export async function deregisterInstancesFromLoadBalancer(s: Clb, ctx: RequestContext, input: Api.DeregisterEndPointsInput): Promise<Api.DeregisterEndPointsOutput> {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const ids = input.Instances.map((i) => i.InstanceId ?? '');
  for (const id of ids) if (!rec.instances.some((i) => i.id === id)) await instanceOf(s, ctx, id);
  const gone = rec.instances.filter((i) => ids.includes(i.id));
  rec.instances = rec.instances.filter((i) => !ids.includes(i.id));
  for (const i of gone) {
    s.health.forget(rec, i.id);
    s.plane.drain(rec, i.id, rec.attributes.draining.enabled ? rec.attributes.draining.timeout * 1000 : 0);
  }
  s.state.put(rec);
  return { Instances: rec.instances.map((i) => ({ InstanceId: i.id })) };
}

export async function describeInstanceHealth(s: Clb, ctx: RequestContext, input: Api.DescribeEndPointStateInput): Promise<Api.DescribeEndPointStateOutput> {
  const rec = findLb(s, ctx, input.LoadBalancerName);
  await ec2Internal(s);
  const out: Api.InstanceState[] = [];
  const ids = input.Instances?.length ? input.Instances.map((i) => i.InstanceId ?? '') : rec.instances.map((i) => i.id);
  for (const id of ids) {
    const entry = rec.instances.find((i) => i.id === id);
    if (!entry) {
      await instanceOf(s, ctx, id);
      out.push({ InstanceId: id, State: 'OutOfService', ReasonCode: 'N/A', Description: 'Instance is not currently registered with the LoadBalancer.' });
      continue;
    }
    out.push({ InstanceId: id, ...(await s.health.describe(rec, entry, ctx)) });
  }
  return { InstanceStates: out };
}

/** Ranges from the HealthCheck reference: Interval 5–300, Timeout 2–60 and below Interval, thresholds 2–10. */
export function configureHealthCheck(s: Clb, ctx: RequestContext, input: Api.ConfigureHealthCheckInput): Api.ConfigureHealthCheckOutput {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const h = input.HealthCheck;
  const target = parseHealthTarget(h.Target);
  if (h.Interval < 5 || h.Interval > 300) throw validationError(`Interval ${h.Interval} must be between 5 and 300 seconds`);
  if (h.Timeout < 2 || h.Timeout > 60) throw validationError(`Timeout ${h.Timeout} must be between 2 and 60 seconds`);
  if (h.Timeout >= h.Interval) throw validationError('HealthCheck Timeout must be less than Interval');
  for (const [k, v] of [['HealthyThreshold', h.HealthyThreshold], ['UnhealthyThreshold', h.UnhealthyThreshold]] as const) {
    if (v < 2 || v > 10) throw validationError(`${k} ${v} must be between 2 and 10`);
  }
  rec.healthCheck = { Target: `${target.protocol}:${target.port}${target.path ?? ''}`, Interval: h.Interval, Timeout: h.Timeout, UnhealthyThreshold: h.UnhealthyThreshold, HealthyThreshold: h.HealthyThreshold };
  s.state.put(rec);
  s.health.reschedule(rec);
  return { HealthCheck: rec.healthCheck };
}
