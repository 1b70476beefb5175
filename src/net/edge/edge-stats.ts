// Per-distribution, per-minute viewer traffic for the AWS/CloudFront metrics (Requests, BytesDownloaded,
// BytesUploaded, 4xx/5xx/TotalErrorRate; "Viewing CloudFront and edge function metrics"): counted as answers leave,
// drained once a minute by the CloudFront service, which publishes them through CloudWatch.
import type { PublishedMetric } from '../../services/cloudwatch/publish.js';

interface Bucket {
  account: string;
  distributionId: string;
  minute: number;
  requests: number;
  bytesDownloaded: number;
  bytesUploaded: number;
  errors4xx: number;
  errors5xx: number;
}

export class EdgeStats {
  private readonly buckets = new Map<string, Bucket>();

  record(account: string, distributionId: string, now: number, status: number, bytesDownloaded: number, bytesUploaded: number): void {
    const minute = Math.floor(now / 60_000);
    const key = `${distributionId}|${minute}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { account, distributionId, minute, requests: 0, bytesDownloaded: 0, bytesUploaded: 0, errors4xx: 0, errors5xx: 0 }));
    b.requests++;
    b.bytesDownloaded += bytesDownloaded;
    b.bytesUploaded += bytesUploaded;
    if (status >= 400 && status < 500) b.errors4xx++;
    else if (status >= 500) b.errors5xx++;
  }

  /** The metrics of minutes before `now`'s, per account (CloudFront metrics live in us-east-1, Region=Global). */
  drain(now: number): { account: string; metrics: PublishedMetric[] }[] {
    const current = Math.floor(now / 60_000);
    const out = new Map<string, PublishedMetric[]>();
    for (const [key, b] of this.buckets) {
      if (b.minute >= current) continue;
      this.buckets.delete(key);
      const dims = [{ Name: 'DistributionId', Value: b.distributionId }, { Name: 'Region', Value: 'Global' }];
      const at = b.minute * 60_000;
      const rate = (n: number) => (100 * n) / b.requests;
      let list = out.get(b.account);
      if (!list) out.set(b.account, (list = []));
      list.push(
        { MetricName: 'Requests', Dimensions: dims, Value: b.requests, Unit: 'None', Timestamp: at },
        { MetricName: 'BytesDownloaded', Dimensions: dims, Value: b.bytesDownloaded, Unit: 'None', Timestamp: at },
        { MetricName: 'BytesUploaded', Dimensions: dims, Value: b.bytesUploaded, Unit: 'None', Timestamp: at },
        { MetricName: '4xxErrorRate', Dimensions: dims, Value: rate(b.errors4xx), Unit: 'Percent', Timestamp: at },
        { MetricName: '5xxErrorRate', Dimensions: dims, Value: rate(b.errors5xx), Unit: 'Percent', Timestamp: at },
        { MetricName: 'TotalErrorRate', Dimensions: dims, Value: rate(b.errors4xx + b.errors5xx), Unit: 'Percent', Timestamp: at },
      );
    }
    return [...out].map(([account, metrics]) => ({ account, metrics }));
  }

  clear(): void {
    this.buckets.clear();
  }
}
