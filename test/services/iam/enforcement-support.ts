// A kumo with --enforce-iam for enforcement tests: an admin IAM client (the root key), users created with inline
// policies and access keys, SDK client settings for those keys, and clients destroyed when the file's tests end.
import { after, before } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

export type Creds = { accessKeyId: string; secretAccessKey: string };

export interface EnforcedKumo {
  readonly kumo: TestKumo;
  /** Registers a client to destroy after the tests. */
  track: <T extends { destroy(): void }>(client: T) => T;
  /** Client settings that sign with `credentials`. */
  as: (credentials: Creds) => ReturnType<TestKumo['clientConfig']> & { credentials: Creds };
  /** A new IAM user with these inline-policy statements and an access key. */
  user: (name: string, ...statements: object[]) => Promise<Creds>;
}

export const policyDocument = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });

/** Starts the kumo before the file's tests and stops it after them. */
export function enforcedKumo(): EnforcedKumo {
  const clients: Array<{ destroy(): void }> = [];
  let kumo: TestKumo | undefined;
  let admin: IAMClient | undefined;
  before(async () => {
    kumo = await startTestKumo({ enforceIam: true });
    admin = new IAMClient(kumo.clientConfig());
    clients.push(admin);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await kumo?.stop();
  });
  const running = (): TestKumo => {
    if (!kumo) throw new Error('enforcedKumo() is used before its before() hook ran');
    return kumo;
  };
  return {
    get kumo() {
      return running();
    },
    track: (client) => {
      clients.push(client);
      return client;
    },
    as: (credentials) => ({ ...running().clientConfig(), credentials }),
    user: async (name, ...statements) => {
      await admin!.send(new CreateUserCommand({ UserName: name }));
      if (statements.length > 0) await admin!.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policyDocument(...statements) }));
      const { AccessKey } = await admin!.send(new CreateAccessKeyCommand({ UserName: name }));
      return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    },
  };
}
