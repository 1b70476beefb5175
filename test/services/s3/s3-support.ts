// Shared setup for the S3 SDK v3 tests: a kumo on a loopback port with S3 registered, a path-style client, and
// useS3(), which gives a test file its one kumo (and, when asked, a bucket) through before/after hooks.
import { after, before } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

export interface S3Harness {
  kumo: TestKumo;
  s3: S3Client;
  client(region: string, accessKeyId?: string): S3Client;
  close(): Promise<void>;
}

type KumoOverrides = Parameters<typeof startTestKumo>[0];

/** The services S3 tests need: S3, SQS (event notifications), IAM and STS (anonymous callers, enforcement). Without
 *  the others' periodic tasks (CloudWatch, ELB health, Auto Scaling…) advancing the clock by days stays cheap. */
const S3_TEST_SERVICES = ['s3', 'sqs', 'iam', 'sts'];

export async function startS3(overrides: KumoOverrides = {}): Promise<S3Harness> {
  const kumo = await startTestKumo({ services: S3_TEST_SERVICES, ...overrides });
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

/** The harness a file shares between its tests; `bucket` exists when useS3 was given a bucket prefix. */
export interface S3Fixture extends S3Harness {
  readonly bucket: string;
  /** The kumo's loopback port (for raw requests with their own Host header). */
  readonly port: number;
}

/**
 * One kumo for the whole test file: started in a before hook (with `bucket`, a bucket of that prefix is created
 * too, then `setup` runs) and stopped in an after hook. Its members are ready inside tests, not at module load.
 */
export function useS3(options: { config?: KumoOverrides; bucket?: string; setup?: (h: S3Fixture) => Promise<void> } = {}): S3Fixture {
  let harness: S3Harness | undefined;
  let bucket: string | undefined;
  const ready = (): S3Harness => {
    if (!harness) throw new Error('useS3: the harness starts in a before hook; use it inside tests');
    return harness;
  };
  before(async () => {
    harness = await startS3(options.config);
    if (options.bucket !== undefined) {
      bucket = uniqueBucket(options.bucket);
      await harness.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    // In the same hook: Node 20 does not order a file's root before hooks after one another's awaits.
    await options.setup?.(fixture);
  });
  after(async () => {
    await harness?.close();
  });
  const fixture: S3Fixture = {
    get kumo() { return ready().kumo; },
    get s3() { return ready().s3; },
    get port() { return Number(new URL(ready().kumo.url).port); },
    get bucket() {
      if (bucket === undefined) throw new Error('useS3: no bucket was asked for');
      return bucket;
    },
    client: (region, accessKeyId) => ready().client(region, accessKeyId),
    close: async () => ready().close(),
  };
  return fixture;
}

let counter = 0;
/** A bucket name unique within the test run. */
export function uniqueBucket(prefix = 'bucket'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
