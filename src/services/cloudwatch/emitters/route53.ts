// AWS/Route53 health check metrics, once a minute in us-east-1 (where Route 53 publishes them) by HealthCheckId:
// HealthCheckStatus 1 healthy / 0 unhealthy and HealthCheckPercentageHealthy, here over kumo's single checker
// (Route 53 Developer Guide, "Monitoring health checks using CloudWatch").
import type { Publish } from '../publish.js';

export interface HealthCheckState {
  account: string;
  id: string;
  healthy: boolean | undefined;
}

export function emitHealthChecks(checks: readonly HealthCheckState[], publish: Publish, now: number): void {
  for (const c of checks) {
    if (c.healthy === undefined) continue;
    const Dimensions = [{ Name: 'HealthCheckId', Value: c.id }];
    publish({ account: c.account, region: 'us-east-1' }, 'AWS/Route53', [
      { MetricName: 'HealthCheckStatus', Dimensions, Value: c.healthy ? 1 : 0, Unit: 'None', Timestamp: now },
      { MetricName: 'HealthCheckPercentageHealthy', Dimensions, Value: c.healthy ? 100 : 0, Unit: 'Percent', Timestamp: now },
    ]);
  }
}
