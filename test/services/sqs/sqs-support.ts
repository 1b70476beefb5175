// Shared setup for the SQS SDK v3 tests: a kumo on a loopback port with SQS registered, and a client for it.
import { uniqueName as sharedUniqueName } from '../../support/names.js';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { KumoConfig } from '../../../src/config.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

export interface SqsHarness {
  kumo: TestKumo;
  sqs: SQSClient;
  close(): Promise<void>;
}

export async function startSqs(overrides: Partial<KumoConfig> = {}): Promise<SqsHarness> {
  const kumo = await startTestKumo(overrides);
  const sqs = new SQSClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  return {
    kumo,
    sqs,
    close: async () => {
      sqs.destroy();
      await kumo.stop();
    },
  };
}

/** A queue name unique within the test run. */
export function uniqueName(prefix: string, fifo = false): string {
  return sharedUniqueName(prefix, fifo ? '.fifo' : '');
}
