// The main thread's handle on the DNS server running in its worker: start/stop, and publishing zones and health
// statuses. Each publish resolves once the worker answers from it, so a change batch is live before its API reply.
import { Worker } from 'node:worker_threads';
import type { DnsRecordSet, DnsZone } from './records.js';
import type { CidrCollections } from './cidr-table.js';
import type { UpstreamAddress } from './upstream.js';
import type { ServiceName } from './service-names.js';
import type { WorkerReply, WorkerRequest } from './worker.js';
import { bindFailure } from '../../runtime/endpoints.js';

export interface DnsHostOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** KUMO_DNS_CLIENT_LOCATIONS rules (see locator.ts). */
  locations?: string;
  /** KUMO_DNS_UPSTREAM: the resolver names outside kumo's zones are forwarded to. */
  upstream?: UpstreamAddress;
}

type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };
type Omit2<T> = T extends unknown ? Omit<T, 'seq'> : never;

export class DnsHost {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private boundPort = 0;

  constructor(private readonly options: DnsHostOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  async start(): Promise<void> {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { host: this.host, port: this.options.port, ...(this.options.locations ? { locations: this.options.locations } : {}), ...(this.options.upstream ? { upstream: this.options.upstream } : {}) },
    });
    const ready = await new Promise<{ ready: boolean; port?: number; error?: string; code?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw bindFailure(Object.assign(new Error(ready.error ?? 'unknown error'), { code: ready.code }), `DNS ${this.host}:${this.options.port} (UDP and TCP)`);
    }
    this.boundPort = ready.port ?? 0;
    this.worker = worker;
    worker.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      if (m.ok) p.resolve(m);
      else p.reject(new Error(m.error));
    });
    worker.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }

  private send(request: Omit2<WorkerRequest>): Promise<WorkerReply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('DNS server is not running'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      worker.postMessage({ ...request, seq });
    });
  }

  async setZone(zone: DnsZone): Promise<void> {
    await this.send({ op: 'setZone', zone });
  }

  /** Applies a committed change batch's difference to a zone the worker already holds. */
  async patchZone(id: string, removed: DnsRecordSet[], added: DnsRecordSet[]): Promise<void> {
    await this.send({ op: 'patchZone', id, removed, added });
  }

  async removeZone(id: string): Promise<void> {
    await this.send({ op: 'removeZone', id });
  }

  async replaceAll(zones: DnsZone[]): Promise<void> {
    await this.send({ op: 'replaceAll', zones });
  }

  async setHealth(status: Record<string, boolean>): Promise<void> {
    await this.send({ op: 'setHealth', status });
  }

  /** Publishes one CIDR collection's locations and blocks (an empty object removes it). */
  async setCidrCollection(id: string, locations: Record<string, string[]>): Promise<void> {
    await this.send({ op: 'setCidrCollection', id, locations });
  }

  async replaceCidrCollections(all: CidrCollections): Promise<void> {
    await this.send({ op: 'replaceCidrCollections', all });
  }

  /** Replaces the names one service answers (load balancers, distributions); an empty list removes them. */
  async setServiceNames(source: string, names: ServiceName[]): Promise<void> {
    await this.send({ op: 'setServiceNames', source, names });
  }

  /** The answer to a query sent from `address` inside VPC `vpc` to its Amazon resolver, or undefined for none. */
  async queryInVpc(message: Buffer, address: string, transport: 'udp' | 'tcp', vpc: string): Promise<Buffer | undefined> {
    return answerOf(await this.send({ op: 'queryInVpc', message, address, transport, vpc }));
  }

  /** Queries answered so far. */
  async answered(): Promise<number> {
    const r = await this.send({ op: 'stats' });
    return r.ok ? (r.answered ?? 0) : 0;
  }

  /** The answer to one DNS query message, computed by the worker's engine as the server would answer it over TCP
   *  from `address`, without a socket; undefined when the name is outside kumo's zones and an upstream exists. */
  async query(message: Buffer, address = '127.0.0.1'): Promise<Buffer | undefined> {
    return answerOf(await this.send({ op: 'query', message, address }));
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.send({ op: 'stop' }).catch(() => undefined);
    this.worker = undefined;
    await worker.terminate();
  }
}

/** The DNS message a worker's query reply carries (a view of the transferred bytes), or undefined for none. */
function answerOf(r: WorkerReply): Buffer | undefined {
  return r.ok && r.answer ? Buffer.from(r.answer.buffer, r.answer.byteOffset, r.answer.byteLength) : undefined;
}
