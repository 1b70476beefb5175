// s3:// under --enforce-iam: two nodes on loopback, each acting as its own IAM identity (an IAM user's access key, or a
// role switched to with an ExternalId, as HULFT's Storage Authentication Information); a refused S3 call fails the
// transfer with 301 detail 13 on both sides, leaves no object, and an allowed one lands (checked with aws-cli).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestKumo, TEST_ACCOUNT, type TestKumo } from '../../support/kumo.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI_ENV } from '../../support/aws-cli.js';
import { mftCall } from './mft-support.js';
import { identityCommand } from '../../../src/services/mft/identity-cli.js';

let kumo: TestKumo;
let s3: S3Client;
let readerKey: { AccessKey: string; SecretAccessKey: string };
const dir = mkdtempSync(join(tmpdir(), 'kumo-mft-iam-'));
/** aws-cli, run asynchronously: kumo serves it from this very process, so a blocking spawnSync would deadlock. */
async function aws(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('aws', ['--endpoint-url', kumo.url, '--output', 'json', ...args], { env: { ...process.env, ...CLI_ENV }, timeout: 120_000 });
  return stdout;
}
const BUCKET = 'mft-iam';
const SOURCE = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));

const api = (method: string, path: string, body?: unknown, query?: Record<string, string>) => mftCall(kumo.url, method, path, body, query);
const put = (node: string, kind: string, id: string, Fields: Record<string, string>, List?: string[]) => api('PUT', `/mft/nodes/${node}/definitions/${kind}/${id}`, { Fields, ...(List ? { List } : {}) });
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const role = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:role/${name}`;

before(async () => {
  kumo = await startTestKumo({ enforceIam: true });
  s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  const iam = new IAMClient(kumo.clientConfig());
  // Roles the nodes switch to: the account may assume them with the right external ID.
  const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'hulft-ext-01' } } });
  await iam.send(new CreateRoleCommand({ RoleName: 'mft-writer', AssumeRolePolicyDocument: trust }));
  // HULFT's "New Creation" needs ListBucket on the bucket and PutObject on the object.
  await iam.send(new PutRolePolicyCommand({ RoleName: 'mft-writer', PolicyName: 'land', PolicyDocument: policy(
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
    { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/in/*` },
  ) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'mft-lister', AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'mft-lister', PolicyName: 'list', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }) }));
  // The sending node is an IAM user that may read src/ only.
  await iam.send(new CreateUserCommand({ UserName: 'mft-reader' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'mft-reader', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/src/*` }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'mft-reader' }))).AccessKey!;
  readerKey = { AccessKey: key.AccessKeyId!, SecretAccessKey: key.SecretAccessKey! };
  iam.destroy();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'src/report.bin', Body: SOURCE }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'secret/payroll.bin', Body: 'not for the reader' }));

  assert.equal((await api('POST', '/mft/nodes', { Name: 'iamsend', Address: '127.0.17.1', S3Identity: readerKey })).status, 200);
  const writer = { SwitchRoleArn: role('mft-writer'), ExternalId: 'hulft-ext-01', RoleSessionName: 'iamrecv' };
  assert.equal((await api('POST', '/mft/nodes', { Name: 'iamrecv', Address: '127.0.17.2', S3Identity: writer })).status, 200);
  await put('iamsend', 'hst', 'iamrecv', { ADDRESS: '127.0.17.2' });
  await put('iamsend', 'tgrp', 'TORECV', {}, ['iamrecv']);
  await put('iamrecv', 'tgrp', 'FROMSEND', {}, ['iamsend']);
});

after(async () => {
  s3.destroy();
  await kumo.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Transfer = { StatusCode: number; DetailCode: number; Message: string };
async function send(fileId: string): Promise<Transfer> {
  const r = await api('POST', '/mft/nodes/iamsend/send', { FileId: fileId, Sync: true });
  return (r.json.Transfers as Transfer[])[0]!;
}
async function lastHistory(node: string, side: 'snd' | 'rcv', fileId: string): Promise<Transfer> {
  const r = await api('GET', `/mft/nodes/${node}/history/${side}`, undefined, { fileId });
  return (r.json.Entries as Transfer[]).at(-1)!;
}
async function keysUnder(prefix: string): Promise<string[]> {
  return ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
}

test('a node identity is validated by HULFT\'s rules and IAM, and ListNodes shows it without the secret', async () => {
  const bad = async (body: Record<string, string>, message: RegExp) => {
    const r = await api('PUT', '/mft/nodes/iamsend/identity', body);
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.match(String(r.json.message ?? r.json.Message), message);
  };
  await bad({ AccessKey: readerKey.AccessKey }, /AccessKey and SecretAccessKey must be given together/);
  await bad({ SwitchRoleArn: role('mft-writer'), RoleSessionName: 'x1' }, /SwitchRoleArn, ExternalId and RoleSessionName must be given together/);
  await bad({ SwitchRoleArn: 'arn:aws:s3:::nope', ExternalId: 'e1', RoleSessionName: 'x1' }, /not a role ARN/);
  await bad({ AccessKey: 'AKIANOSUCHKEY0000000', SecretAccessKey: 'whatever' }, /does not exist in our records/);
  await bad({ ...readerKey, SecretAccessKey: 'wrong-secret' }, /signature/);
  await bad({ SwitchRoleArn: role('no-such-role'), ExternalId: 'e1', RoleSessionName: 'x1' }, /not authorized to perform: sts:AssumeRole/);
  const nodes = (await api('GET', '/mft/nodes')).json.Nodes as { Name: string; S3Identity?: Record<string, string> }[];
  assert.deepEqual(nodes.find((n) => n.Name === 'iamsend')!.S3Identity, { AccessKey: readerKey.AccessKey });
  assert.deepEqual(nodes.find((n) => n.Name === 'iamrecv')!.S3Identity, { SwitchRoleArn: role('mft-writer'), ExternalId: 'hulft-ext-01', RoleSessionName: 'iamrecv' });
});

test('a node whose role allows s3:ListBucket and s3:PutObject on the prefix receives into s3:// from a node allowed s3:GetObject', async () => {
  await put('iamsend', 'snd', 'IAMOK', { FILENAME: `s3://${BUCKET}/src/report.bin`, GRPID: 'TORECV', TRANSTYPE: 'B', COMP: '3' });
  await put('iamrecv', 'rcv', 'IAMOK', { FILENAME: `s3://${BUCKET}/in/$SNDFILE`, TRANSMODE: 'N', ABNORMAL: 'R', DATAVERIFY: '1' });
  const t = await send('IAMOK');
  assert.equal(t.StatusCode, 0, t.Message);
  await aws(['s3', 'cp', `s3://${BUCKET}/in/report.bin`, join(dir, 'landed.bin')]);
  assert.deepEqual(readFileSync(join(dir, 'landed.bin')), SOURCE);
});

test('a node whose role lacks s3:PutObject fails with 301 detail 13 on both sides, and no object is written', async () => {
  const lister = { SwitchRoleArn: role('mft-lister'), ExternalId: 'hulft-ext-01', RoleSessionName: 'iamrecv' };
  assert.equal((await api('PUT', '/mft/nodes/iamrecv/identity', lister)).status, 200);
  await put('iamsend', 'snd', 'IAMNOPUT', { FILENAME: `s3://${BUCKET}/src/report.bin`, GRPID: 'TORECV', TRANSTYPE: 'B' });
  await put('iamrecv', 'rcv', 'IAMNOPUT', { FILENAME: `s3://${BUCKET}/in/refused.bin`, TRANSMODE: 'R', ABNORMAL: 'R' });
  const t = await send('IAMNOPUT');
  assert.deepEqual([t.StatusCode, t.DetailCode], [301, 13], t.Message);
  assert.match(t.Message, /AccessDenied: User: arn:aws:sts::000000000000:assumed-role\/mft-lister\/iamrecv is not authorized to perform: s3:PutObject/);
  const rcv = await lastHistory('iamrecv', 'rcv', 'IAMNOPUT');
  assert.deepEqual([rcv.StatusCode, rcv.DetailCode], [301, 13]);
  assert.deepEqual(await keysUnder('in/refused'), []);

  // A wrong external ID: the role's trust policy refuses the switch, with the same status.
  const wrongId = { SwitchRoleArn: role('mft-writer'), ExternalId: 'not-the-id', RoleSessionName: 'iamrecv' };
  assert.equal((await api('PUT', '/mft/nodes/iamrecv/identity', wrongId)).status, 200);
  const t2 = await send('IAMNOPUT');
  assert.deepEqual([t2.StatusCode, t2.DetailCode], [301, 13], t2.Message);
  assert.match(t2.Message, /sts:AssumeRole/);
  assert.deepEqual(await keysUnder('in/refused'), []);
});

test('an s3:// source the sending node may not s3:GetObject fails with 301 detail 13 in its history, and nothing is sent', async () => {
  assert.equal((await api('PUT', '/mft/nodes/iamrecv/identity', { SwitchRoleArn: role('mft-writer'), ExternalId: 'hulft-ext-01', RoleSessionName: 'iamrecv' })).status, 200);
  await put('iamsend', 'snd', 'IAMNOGET', { FILENAME: `s3://${BUCKET}/secret/payroll.bin`, GRPID: 'TORECV', TRANSTYPE: 'B' });
  await put('iamrecv', 'rcv', 'IAMNOGET', { FILENAME: `s3://${BUCKET}/in/payroll.bin`, TRANSMODE: 'R', ABNORMAL: 'R' });
  const t = await send('IAMNOGET');
  assert.deepEqual([t.StatusCode, t.DetailCode], [301, 13], t.Message);
  assert.match(t.Message, /user\/mft-reader is not authorized to perform: s3:GetObject/);
  const snd = await lastHistory('iamsend', 'snd', 'IAMNOGET');
  assert.deepEqual([snd.StatusCode, snd.DetailCode], [301, 13]);
  assert.deepEqual(await keysUnder('in/payroll'), []);
});

test('kumo mft identity sets a node identity through the signed API, refuses a bad one with exit 20, and --delete removes it', async () => {
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } };
  const base = ['iamrecv', '--endpoint', kumo.url];
  assert.equal(await identityCommand([...base, '--switch-role-arn', role('mft-writer'), '--external-id', 'hulft-ext-01', '--role-session-name', 'from-cli'], io), 0, lines.join('\n'));
  assert.deepEqual(JSON.parse(lines.at(-1)!), { SwitchRoleArn: role('mft-writer'), ExternalId: 'hulft-ext-01', RoleSessionName: 'from-cli' });
  assert.equal(await identityCommand([...base, '--access-key', readerKey.AccessKey], io), 20);
  assert.match(lines.at(-1)!, /ValidationException: AccessKey and SecretAccessKey must be given together/);
  assert.equal(await identityCommand([...base, '--delete'], io), 0);
  const nodes = (await api('GET', '/mft/nodes')).json.Nodes as { Name: string; S3Identity?: unknown }[];
  assert.equal(nodes.find((n) => n.Name === 'iamrecv')!.S3Identity, undefined);
  assert.equal(await identityCommand(['--bogus'], io), 10);
});
