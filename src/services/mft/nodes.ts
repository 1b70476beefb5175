// The MFT nodes kumo runs: their registry in kumo's state store (name, address, ports, code set, the IAM identity
// for s3://), each node's own data directory under <data-dir>/mft/<name> (a temp dir with --in-memory), started at
// boot and stopped at shutdown.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { modeledError } from '../../generated/mft/errors.js';
import type { StateStore } from '../../store/state-store.js';
import { adminSocketPath, serveAdmin } from './admin.js';
import { MftNode } from './node.js';
import { s3Storage, type S3Access } from './object-storage.js';
import { checkIdentity, resolvePrincipal, type S3Identity } from './identity.js';
import type { IamInternal } from '../iam/credentials.js';

export const MFT_COMPONENT = 'mft';
export const MFT_MIGRATIONS = [
  'CREATE TABLE mft_nodes (name TEXT PRIMARY KEY, address TEXT NOT NULL, port INTEGER NOT NULL, obs_port INTEGER NOT NULL, code_set TEXT NOT NULL)',
  // The node's S3 identity (identity.ts) as JSON; NULL = the default account's root.
  'ALTER TABLE mft_nodes ADD COLUMN s3_identity TEXT',
];
export const MFT_TABLES = ['mft_nodes'];

export interface NodeRecord {
  name: string;
  address: string;
  port: number;
  obsPort: number;
  codeSet: string;
  identity?: S3Identity;
}

/** kumo's S3 and IAM as the nodes reach them in process; absent when S3 is not enabled. */
export interface CloudServices {
  invoke: S3Access['invoke'];
  authorize: S3Access['authorize'];
  iam(): Promise<IamInternal | undefined>;
  enforceIam: boolean;
  defaultAccount: string;
  now(): number;
}

const LOOPBACK = /^(127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})|::1)$/;

export class MftNodes {
  private readonly running = new Map<string, { node: MftNode; admin: Server; dataDir: string }>();
  private readonly tempRoot: string | undefined;
  private readonly starting = new Map<string, Promise<void>>();

  constructor(
    private readonly store: StateStore,
    private readonly config: { dataDir: string; inMemory: boolean },
    private readonly cloud?: CloudServices,
  ) {
    store.migrate(MFT_COMPONENT, MFT_MIGRATIONS);
    store.registerTables(MFT_COMPONENT, MFT_TABLES);
    this.tempRoot = config.inMemory ? mkdtempSync(join(tmpdir(), 'kumo-mft-')) : undefined;
  }

  records(): NodeRecord[] {
    const rows = this.store.db.prepare('SELECT name, address, port, obs_port AS obsPort, code_set AS codeSet, s3_identity AS identity FROM mft_nodes ORDER BY name').all() as Array<Omit<NodeRecord, 'identity'> & { identity: string | null }>;
    return rows.map(({ identity, ...r }) => (identity === null ? r : { ...r, identity: JSON.parse(identity) as S3Identity }));
  }

  private identity(name: string): S3Identity | undefined {
    const row = this.store.db.prepare('SELECT s3_identity AS identity FROM mft_nodes WHERE name = ?').get(name) as { identity: string | null } | undefined;
    return row?.identity ? (JSON.parse(row.identity) as S3Identity) : undefined;
  }

  /** Sets (or with undefined clears) the identity a node acts as in S3; it applies to the node's next S3 call. An
   *  access key must exist with that secret, and a role to switch to must exist, when IAM is enabled. */
  async setIdentity(name: string, identity: S3Identity | undefined): Promise<NodeRecord> {
    await this.node(name); // 404 for an unknown node
    if (identity) await this.checkIdentity(identity);
    this.store.db.prepare('UPDATE mft_nodes SET s3_identity = ? WHERE name = ?').run(identity ? JSON.stringify(identity) : null, name);
    return this.records().find((r) => r.name === name)!;
  }

  /** ValidationException unless the identity's key exists with that secret and its role exists (with IAM enabled). */
  async checkIdentity(identity: S3Identity): Promise<void> {
    const iam = await this.cloud?.iam();
    if (!iam || !this.cloud) return;
    try {
      checkIdentity(identity, iam, this.cloud.defaultAccount, this.cloud.now());
    } catch (e) {
      throw modeledError('ValidationException', `The node identity is not usable: ${(e as Error).message}`);
    }
  }

  /** kumo's S3 as node `name` sees it: under --enforce-iam each call is authorized as the node's identity (the
   *  default account's root without one), from the node's own address (aws:SourceIp). */
  private objectsFor(rec: NodeRecord) {
    const cloud = this.cloud;
    if (!cloud) return undefined;
    const defaultScope = { account: cloud.defaultAccount, region: 'us-east-1' };
    return s3Storage({
      invoke: cloud.invoke,
      authorize: cloud.authorize,
      caller: async () => {
        // Without enforcement nothing is authorized: the node acts in the default account as before.
        if (!cloud.enforceIam) return { scope: defaultScope };
        const principal = resolvePrincipal(this.identity(rec.name), await cloud.iam(), cloud.defaultAccount, cloud.now());
        return { scope: { account: principal.account, region: 'us-east-1' }, as: { principal, sourceIp: rec.address } };
      },
    });
  }

  dataDir(name: string): string {
    return resolve(this.tempRoot ?? join(this.config.dataDir, 'mft'), name);
  }

  /** A registered node, started now if a request arrives before the boot component has started it. */
  async node(name: string): Promise<MftNode> {
    if (!this.running.has(name)) {
      const rec = this.records().find((r) => r.name === name);
      if (rec) await this.startOnce(rec);
    }
    const r = this.running.get(name);
    if (!r) throw modeledError('ResourceNotFoundException', `MFT node ${name} does not exist`);
    return r.node;
  }

  private startOnce(rec: NodeRecord): Promise<void> {
    let p = this.starting.get(rec.name);
    if (!p) {
      p = this.start(rec).finally(() => this.starting.delete(rec.name));
      this.starting.set(rec.name, p);
    }
    return p;
  }

  /** Registers and starts a node; the row is committed only once its listeners are bound. */
  async create(rec: NodeRecord): Promise<void> {
    if (!LOOPBACK.test(rec.address)) throw modeledError('ValidationException', `Address must be a loopback address (127.0.0.0/8 or ::1): ${rec.address}`);
    for (const p of [rec.port, rec.obsPort]) if (!Number.isInteger(p) || p < 1 || p > 65535) throw modeledError('ValidationException', `ports must be in 1–65535: ${p}`);
    if (this.running.has(rec.name) || this.records().some((r) => r.name === rec.name)) throw modeledError('ConflictException', `MFT node ${rec.name} already exists`);
    try {
      await this.startOnce(rec);
    } catch (e) {
      throw modeledError('ConflictException', `MFT node ${rec.name} cannot listen on ${rec.address}:${rec.port}/${rec.obsPort}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    this.store.db.prepare('INSERT INTO mft_nodes VALUES (?, ?, ?, ?, ?, NULL)').run(rec.name, rec.address, rec.port, rec.obsPort, rec.codeSet);
  }

  async delete(name: string): Promise<void> {
    await this.node(name); // 404 for an unknown node; waits for one still starting
    this.store.db.prepare('DELETE FROM mft_nodes WHERE name = ?').run(name);
    await this.stopOne(name);
  }

  async startAll(): Promise<void> {
    for (const rec of this.records()) if (!this.running.has(rec.name)) await this.startOnce(rec);
  }

  async stopAll(): Promise<void> {
    for (const name of [...this.running.keys()]) await this.stopOne(name);
  }

  /** At shutdown: also removes the temp root of an in-memory kumo. */
  async close(): Promise<void> {
    await this.stopAll();
    if (this.tempRoot) rmSync(this.tempRoot, { recursive: true, force: true });
  }

  /** After POST /_kumo/reset: the rows are gone, so the nodes stop. */
  async reset(): Promise<void> {
    await this.stopAll();
  }

  endpoints(): string[] {
    return [...this.running.values()].map(({ node }) => `mft ${node.name} tcp ${node.address}:${node.port} observe ${node.obsPort}`);
  }

  private async start(rec: NodeRecord): Promise<void> {
    const dataDir = this.dataDir(rec.name);
    const objects = this.objectsFor(rec);
    const node = new MftNode({ name: rec.name, address: rec.address, port: rec.port, obsPort: rec.obsPort, dataDir, codeSet: rec.codeSet, ...(objects ? { objects } : {}) });
    try {
      await node.start();
    } catch (e) {
      await node.stop().catch(() => undefined);
      throw e;
    }
    const admin = await serveAdmin(node, adminSocketPath(dataDir));
    this.running.set(rec.name, { node, admin, dataDir });
  }

  private async stopOne(name: string): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    this.running.delete(name);
    r.admin.close();
    await r.node.stop();
    if (this.tempRoot) rmSync(r.dataDir, { recursive: true, force: true });
  }
}
