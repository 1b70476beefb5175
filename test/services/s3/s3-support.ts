// Shared setup for the S3 SDK v3 tests: a kumo on a loopback port with S3 registered, and a path-style client.
import { S3Client } from '@aws-sdk/client-s3';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

export interface S3Harness {
  kumo: TestKumo;
  s3: S3Client;
  client(region: string, accessKeyId?: string): S3Client;
  close(): Promise<void>;
}

export async function startS3(overrides: Parameters<typeof startTestKumo>[0] = {}): Promise<S3Harness> {
  const kumo = await startTestKumo(overrides);
  const made: S3Client[] = [];
  const client = (region: string, accessKeyId = 'test'): S3Client => {
    const c = new S3Client({ ...kumo.clientConfig(accessKeyId, region), forcePathStyle: true, maxAttempts: 1 });
    made.push(c);
    return c;
  };
  const s3 = client('us-east-1');
  return {
    kumo,
    s3,
    client,
    close: async () => {
      for (const c of made) c.destroy();
      await kumo.stop();
    },
  };
}

let counter = 0;
/** A bucket name unique within the test run. */
export function uniqueBucket(prefix = 'bucket'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
