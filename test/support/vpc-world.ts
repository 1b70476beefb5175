// Test support for the VPC data plane: builds VPC pieces through the SDK and runs node one-liners inside instance
// namespaces (as `kumo ec2 exec` does): TCP servers, and clients that report open, timeout or the error code.
import { type ChildProcess, spawn } from 'node:child_process';
import * as ec2 from '@aws-sdk/client-ec2';
import { after, before } from 'node:test';
import type { KumoConfig } from '../../src/config.js';
import { startTestKumo, type TestKumo } from './kumo.js';

export interface WorldInternal {
  vpcDataPlane(): { mode: 'namespaces' | 'loopback'; reason: string; viaIp?: readonly string[] };
  execCommand(target: string): string[] | undefined;
  syncVpcWorld(): Promise<void>;
}

export async function worldOf(kumo: TestKumo): Promise<WorldInternal> {
  return (await kumo.serviceInternal('ec2')) as unknown as WorldInternal;
}

/** Why namespace tests cannot run here, or undefined when kumo built its VPC world. */
export async function namespacesUnavailable(kumo: TestKumo): Promise<string | undefined> {
  const w = await worldOf(kumo);
  const plane = w.vpcDataPlane();
  return plane.mode === 'namespaces' ? undefined : `the VPC data plane is on loopback here: ${plane.reason}`;
}

/** What a VPC namespace test file shares: one kumo with instances, an SDK client, the world, and why it skips. */
export interface VpcWorldTest {
  kumo: TestKumo;
  client: ec2.EC2Client;
  w: WorldInternal;
  /** Why namespace tests cannot run here, or undefined. */
  skip: string | undefined;
}

/**
 * Registers the file's before/after hooks (one kumo per file, children killed and kumo stopped after) and returns
 * the object they fill in; read its fields inside tests, not at import time.
 */
export function useVpcWorld(overrides: Partial<KumoConfig> = {}): VpcWorldTest {
  const t = {} as VpcWorldTest;
  before(async () => {
    t.kumo = await startTestKumo({ runInstances: true, imdsPort: 0, ...overrides });
    t.client = new ec2.EC2Client({ ...t.kumo.clientConfig(), maxAttempts: 1 });
    t.w = await worldOf(t.kumo);
    t.skip = await namespacesUnavailable(t.kumo);
  });
  after(async () => {
    killChildren();
    t.client?.destroy();
    await t.kumo?.stop();
  });
  return t;
}

const AMI = 'ami-0aa7d40eeae50c9a9';

export async function launch(client: ec2.EC2Client, subnetId: string, groupIds: string[], extra: Partial<ec2.RunInstancesCommandInput> = {}): Promise<{ id: string; ip: string; publicIp: string | undefined }> {
  const r = await client.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: groupIds, ...extra }));
  const i = r.Instances![0]!;
  return { id: i.InstanceId!, ip: i.PrivateIpAddress!, publicIp: i.PublicIpAddress };
}

const children = new Set<ChildProcess>();

/** Runs `node -e script` in `target`'s namespace; resolves with its stdout once it exits. */
export function nodeIn(w: WorldInternal, target: string, script: string): Promise<string> {
  const prefix = w.execCommand(target);
  if (!prefix) throw new Error(`no namespace for ${target}`);
  return new Promise((resolve, reject) => {
    const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      if (code === 0) resolve(out.trim());
      else reject(new Error(`exit ${code}: ${err.trim()}`));
    });
  });
}

/** A TCP server in `target`'s namespace answering "hi <client address>" on each port (a client's reset is no crash); resolves once it listens (on `host`: '::' for IPv6 too). */
export async function serve(w: WorldInternal, target: string, ports: number[], host = '0.0.0.0'): Promise<void> {
  const prefix = w.execCommand(target);
  if (!prefix) throw new Error(`no namespace for ${target}`);
  const script = `const net=require('net');let n=0;for(const p of ${JSON.stringify(ports)})net.createServer(s=>{s.on('error',()=>{});s.end('hi '+s.remoteAddress)}).listen(p,${JSON.stringify(host)},()=>{if(++n===${ports.length})console.log('ready')});`;
  const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`server in ${target} exited ${code}`)));
  });
}

/**
 * From `target`'s namespace, connects to each address:port at once; per attempt "open" (the server's reply
 * arrived), "timeout" (nothing answered within `timeoutMs`: a drop) or the socket error code.
 */
export async function probe(w: WorldInternal, target: string, dests: { host: string; port: number }[], timeoutMs = 3000, withReply = false): Promise<string[]> {
  const script = `const net=require('net');const d=${JSON.stringify(dests)};Promise.all(d.map(({host,port})=>new Promise(r=>{const s=net.connect({host,port});const t=setTimeout(()=>{s.destroy();r('timeout')},${timeoutMs});s.on('data',(b)=>{clearTimeout(t);s.destroy();r(${withReply ? "'open '+b" : "'open'"})});s.on('error',e=>{clearTimeout(t);r(e.code)})}))).then(x=>console.log(JSON.stringify(x)))`;
  return JSON.parse(await nodeIn(w, target, script)) as string[];
}

/**
 * Like probe, but "open" once the TCP handshake completes (the SYN-ACK came back through every rule both ways), so a
 * busy server process cannot turn an open path into a timeout. `localAddress` picks the source (the internet's hosts).
 */
export async function probeHandshake(w: WorldInternal, target: string, dests: { host: string; port: number }[], timeoutMs = 2500, localAddress?: string): Promise<string[]> {
  const from = localAddress ? `,localAddress:${JSON.stringify(localAddress)}` : '';
  const script = `const net=require('net');const d=${JSON.stringify(dests)};Promise.all(d.map(({host,port})=>new Promise(r=>{const s=net.connect({host,port${from}});const t=setTimeout(()=>{s.destroy();r('timeout')},${timeoutMs});s.on('connect',()=>{clearTimeout(t);s.destroy();r('open')});s.on('error',e=>{clearTimeout(t);r(e.code)})}))).then(x=>console.log(JSON.stringify(x)))`;
  return JSON.parse(await nodeIn(w, target, script)) as string[];
}

export function killChildren(): void {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
}
