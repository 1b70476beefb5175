// Test support: starts an in-memory kumo on a free loopback port (or builds a gateway for in-process calls) and
// hands out SDK v3 client settings pointed at it, with static test credentials.
import { DEFAULT_CONFIG, type KumoConfig } from '../../src/config.js';
import { Gateway, type GatewayOptions } from '../../src/gateway/gateway.js';
import { silentLogger } from '../../src/gateway/logger.js';
import { startKumo, type RunningKumo } from '../../src/main.js';

export const TEST_ACCOUNT = '000000000000';

export function testConfig(overrides: Partial<KumoConfig> = {}): KumoConfig {
  return { ...DEFAULT_CONFIG, inMemory: true, port: 0, ...overrides };
}

/** A gateway without a socket, for `gateway.handle(request)` tests. Close it when done. */
export function inProcessGateway(overrides: Partial<KumoConfig> = {}, options: GatewayOptions = {}): Gateway {
  return new Gateway(testConfig(overrides), { logger: silentLogger, ...options });
}

export interface TestKumo extends RunningKumo {
  /** Settings for any @aws-sdk/client-* constructor. */
  clientConfig(accessKeyId?: string, region?: string): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle?: boolean;
  };
}

export async function startTestKumo(overrides: Partial<KumoConfig> = {}): Promise<TestKumo> {
  const kumo = await startKumo(testConfig(overrides));
  return Object.assign(kumo, {
    clientConfig: (accessKeyId = 'test', region = 'us-east-1') => ({
      endpoint: kumo.url,
      region,
      credentials: { accessKeyId, secretAccessKey: 'test' },
    }),
  });
}
