// AWS/ELB (Classic Load Balancer) from the CLB data plane's per-node counts (CLB guide, "CloudWatch metrics for your
// Classic Load Balancer"): each node reports under LoadBalancerName, LoadBalancerName + AvailabilityZone,
// AvailabilityZone alone and across all load balancers; counts when nonzero, host counts while instances are registered.
import type { ClbNodeSnapshot, ClbSnapshot } from '../../elastic-load-balancing/dataplane/metrics.js';
import type { Publish, PublishedMetric } from '../publish.js';

type Dim = Array<{ Name: string; Value: string }>;

const CLASSES = ['2XX', '3XX', '4XX', '5XX'];

function counts(out: PublishedMetric[], dims: readonly Dim[], n: ClbNodeSnapshot, now: number): void {
  const add = (name: string, value: number, unit = 'Count'): void => {
    if (value > 0) for (const d of dims) out.push({ MetricName: name, Dimensions: d, Value: value, Unit: unit, Timestamp: now });
  };
  add('RequestCount', n.requests);
  CLASSES.forEach((c, i) => add(`HTTPCode_Backend_${c}`, n.backend[i] ?? 0));
  add('HTTPCode_ELB_4XX', n.elb4xx);
  add('HTTPCode_ELB_5XX', n.elb5xx);
  add('BackendConnectionErrors', n.backendConnectionErrors);
  const l = n.latency;
  if (l.count > 0) {
    for (const d of dims) {
      out.push({ MetricName: 'Latency', Dimensions: d, Value: l.sum / l.count, Unit: 'Seconds', Timestamp: now, StatisticValues: { SampleCount: l.count, Sum: l.sum, Minimum: l.min, Maximum: l.max } });
    }
  }
}

export function clbMetrics(lb: ClbSnapshot, now: number): PublishedMetric[] {
  const out: PublishedMetric[] = [];
  const byName: Dim = [{ Name: 'LoadBalancerName', Value: lb.name }];
  for (const n of lb.nodes) {
    const byZone: Dim = [{ Name: 'AvailabilityZone', Value: n.zone }];
    const byNameZone: Dim = [{ Name: 'AvailabilityZone', Value: n.zone }, { Name: 'LoadBalancerName', Value: lb.name }];
    counts(out, [byName, byNameZone, byZone, []], n, now);
    if (!lb.registered) continue;
    // With cross-zone load balancing a node counts every enabled AZ's instances under LoadBalancerName, otherwise its own
    // AZ's (HealthyHostCount); the AvailabilityZone series always count that AZ's instances.
    const hosts = (dims: Dim, healthy: number, unhealthy: number): void => {
      out.push({ MetricName: 'HealthyHostCount', Dimensions: dims, Value: healthy, Unit: 'Count', Timestamp: now });
      out.push({ MetricName: 'UnHealthyHostCount', Dimensions: dims, Value: unhealthy, Unit: 'Count', Timestamp: now });
    };
    hosts(byName, n.healthy, n.unhealthy);
    hosts(byNameZone, n.zoneHealthy, n.zoneUnhealthy);
    hosts(byZone, n.zoneHealthy, n.zoneUnhealthy);
  }
  return out;
}

export function emitClassicLoadBalancers(lbs: readonly ClbSnapshot[], publish: Publish, now: number): void {
  for (const lb of lbs) {
    const metrics = clbMetrics(lb, now);
    if (metrics.length > 0) publish({ account: lb.account, region: lb.region }, 'AWS/ELB', metrics);
  }
}
