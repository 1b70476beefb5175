// One kumo and one EC2 client per test file: starts them in a `before` hook and stops them in an `after` hook, so
// EC2 test files share the setup instead of repeating it. Read `env.kumo` and `env.client` inside tests.
import { after, before } from 'node:test';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { KumoConfig } from '../../src/config.js';
import { startTestKumo, type TestKumo } from './kumo.js';

export interface Ec2TestEnv {
  readonly kumo: TestKumo;
  readonly client: EC2Client;
}

export function useEc2Kumo(overrides: Partial<KumoConfig> = {}): Ec2TestEnv {
  const env = {} as { kumo: TestKumo; client: EC2Client };
  before(async () => {
    env.kumo = await startTestKumo(overrides);
    env.client = new EC2Client({ ...env.kumo.clientConfig(), maxAttempts: 1 });
  });
  after(async () => {
    env.client.destroy();
    await env.kumo.stop();
  });
  return env;
}
