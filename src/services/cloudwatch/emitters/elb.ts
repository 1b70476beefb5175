// AWS/ApplicationELB and AWS/NetworkELB from elbv2's per-minute traffic counts and target health (ALB guide,
// "CloudWatch metrics for your Application Load Balancer"; NLB guide, "CloudWatch metrics for your Network Load
// Balancer"): counts are reported when nonzero, host counts always, TargetResponseTime as one statistic set.
import type { LbSnapshot, TgSnapshot } from '../../elastic-load-balancing-v2/dataplane/metrics.js';
import type { Publish, PublishedMetric } from '../publish.js';

type Dim = Array<{ Name: string; Value: string }>;

function count(out: PublishedMetric[], name: string, dims: Dim, value: number, now: number, unit = 'Count'): void {
  if (value > 0) out.push({ MetricName: name, Dimensions: dims, Value: value, Unit: unit, Timestamp: now });
}

function responseTime(out: PublishedMetric[], dims: Dim, t: LbSnapshot['responseTime'], now: number): void {
  if (t.count === 0) return;
  out.push({ MetricName: 'TargetResponseTime', Dimensions: dims, Value: t.sum / t.count, Unit: 'Seconds', Timestamp: now, StatisticValues: { SampleCount: t.count, Sum: t.sum, Minimum: t.min, Maximum: t.max } });
}

function hosts(out: PublishedMetric[], dims: Dim, tg: TgSnapshot, now: number): void {
  out.push({ MetricName: 'HealthyHostCount', Dimensions: dims, Value: tg.healthy, Unit: 'Count', Timestamp: now });
  out.push({ MetricName: 'UnHealthyHostCount', Dimensions: dims, Value: tg.unhealthy, Unit: 'Count', Timestamp: now });
}

const CLASSES = ['2XX', '3XX', '4XX', '5XX'];

export function albMetrics(lb: LbSnapshot, now: number): PublishedMetric[] {
  const out: PublishedMetric[] = [];
  const byLb: Dim = [{ Name: 'LoadBalancer', Value: lb.dimension }];
  count(out, 'RequestCount', byLb, lb.requests, now);
  CLASSES.forEach((c, i) => count(out, `HTTPCode_Target_${c}_Count`, byLb, lb.codes[i] ?? 0, now));
  count(out, 'HTTPCode_ELB_4XX_Count', byLb, lb.elb4xx, now);
  count(out, 'HTTPCode_ELB_5XX_Count', byLb, lb.elb5xx, now);
  count(out, 'HTTPCode_ELB_502_Count', byLb, lb.elb502, now);
  count(out, 'HTTPCode_ELB_503_Count', byLb, lb.elb503, now);
  count(out, 'HTTPCode_ELB_504_Count', byLb, lb.elb504, now);
  count(out, 'HTTP_Fixed_Response_Count', byLb, lb.fixed, now);
  count(out, 'HTTP_Redirect_Count', byLb, lb.redirects, now);
  responseTime(out, byLb, lb.responseTime, now);
  for (const tg of lb.targetGroups) {
    const byTg: Dim = [{ Name: 'TargetGroup', Value: tg.dimension }, { Name: 'LoadBalancer', Value: lb.dimension }];
    count(out, 'RequestCount', byTg, tg.requests, now);
    CLASSES.forEach((c, i) => count(out, `HTTPCode_Target_${c}_Count`, byTg, tg.codes[i] ?? 0, now));
    responseTime(out, byTg, tg.responseTime, now);
    hosts(out, byTg, tg, now);
    // Requests ÷ healthy targets (all targets when none is healthy); the only valid statistic is Sum.
    const per = tg.requests / Math.max(1, tg.healthy > 0 ? tg.healthy : tg.healthy + tg.unhealthy);
    count(out, 'RequestCountPerTarget', byTg, per, now, 'None');
    count(out, 'RequestCountPerTarget', [{ Name: 'TargetGroup', Value: tg.dimension }], per, now, 'None');
  }
  return out;
}

export function nlbMetrics(lb: LbSnapshot, now: number): PublishedMetric[] {
  const out: PublishedMetric[] = [];
  const byLb: Dim = [{ Name: 'LoadBalancer', Value: lb.dimension }];
  count(out, 'NewFlowCount', byLb, lb.newFlows, now);
  count(out, 'NewFlowCount_TCP', byLb, lb.newFlows, now);
  count(out, 'ActiveFlowCount', byLb, lb.activeFlows, now);
  count(out, 'ActiveFlowCount_TCP', byLb, lb.activeFlows, now);
  count(out, 'ProcessedBytes', byLb, lb.processedBytes, now, 'Bytes');
  count(out, 'ProcessedBytes_TCP', byLb, lb.processedBytes, now, 'Bytes');
  for (const tg of lb.targetGroups) hosts(out, [{ Name: 'TargetGroup', Value: tg.dimension }, { Name: 'LoadBalancer', Value: lb.dimension }], tg, now);
  return out;
}

export function emitLoadBalancers(lbs: readonly LbSnapshot[], publish: Publish, now: number): void {
  for (const lb of lbs) {
    const scope = { account: lb.account, region: lb.region };
    if (lb.type === 'network') publish(scope, 'AWS/NetworkELB', nlbMetrics(lb, now));
    else publish(scope, 'AWS/ApplicationELB', albMetrics(lb, now));
  }
}
