// CloudFront test support: a test kumo with a CloudFront client, and a minimal distribution config in front of
// a custom origin (the config tests start from and change).
import { CloudFrontClient, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';

export const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
export const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

export interface CloudFrontHarness {
  kumo: TestKumo;
  cf: CloudFrontClient;
  close(): Promise<void>;
}

export async function startCloudFront(overrides: Parameters<typeof startTestKumo>[0] = {}): Promise<CloudFrontHarness> {
  const kumo = await startTestKumo({ edgeHttpPort: 0, edgeHttpsPort: 0, ...overrides });
  const cf = new CloudFrontClient(kumo.clientConfig());
  return {
    kumo,
    cf,
    async close() {
      cf.destroy();
      await kumo.stop();
    },
  };
}

export function customOriginConfig(domainName = '127.0.0.1', port = 80, overrides: Partial<DistributionConfig> = {}): DistributionConfig {
  return {
    CallerReference: uniqueName('ref'),
    Comment: 'test distribution',
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [{ Id: 'origin-1', DomainName: domainName, CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } }],
    },
    DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_OPTIMIZED },
    ...overrides,
  };
}
