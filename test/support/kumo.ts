// Test support: starts an in-memory kumo on a free loopback port (or builds a runtime for in-process calls) and
// hands out SDK v3 client settings pointed at it, with static test credentials.
import { DEFAULT_CONFIG, type KumoConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { Runtime, startRuntime, type RuntimeOptions } from '../../src/runtime/runtime.js';

export const TEST_ACCOUNT = '000000000000';

export function testConfig(overrides: Partial<KumoConfig> = {}): KumoConfig {
  return { ...DEFAULT_CONFIG, inMemory: true, port: 0, dnsPort: 0, edgeHttpPort: 0, edgeHttpsPort: 0,
    // Host exposure binds fixed 127.b.c.d addresses that test kumos running side by side would share: a test asks for it.
    exposePublicIps: false, ...overrides };
}

/** A runtime without a socket, for `handle(request)` tests. Close it when done. */
export function inProcessGateway(overrides: Partial<KumoConfig> = {}, options: RuntimeOptions = {}): Runtime {
  return new Runtime(testConfig(overrides), { logger: silentLogger, ...options });
}

export interface TestKumo extends Runtime {
  /** Settings for any @aws-sdk/client-* constructor. */
  clientConfig(accessKeyId?: string, region?: string): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle?: boolean;
  };
  /** Moves the server's clock forward as POST /_kumo/clock/advance does, running every task that falls due. */
  advance(seconds: number): Promise<void>;
}

export async function startTestKumo(overrides: Partial<KumoConfig> = {}, options: RuntimeOptions = {}): Promise<TestKumo> {
  const kumo = await startRuntime(testConfig(overrides), { logger: silentLogger, ...options });
  await kumo.ready;
  return Object.assign(kumo, {
    clientConfig: (accessKeyId = 'test', region = 'us-east-1') => ({
      endpoint: kumo.url,
      region,
      credentials: { accessKeyId, secretAccessKey: 'test' },
    }),
    advance: (seconds: number) => kumo.advanceClock(seconds * 1000),
  });
}
