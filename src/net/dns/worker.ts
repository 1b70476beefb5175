// The DNS server's worker thread: holds its own zone index and health table, fed by messages from the main
// thread, so DNS load never stalls API requests and the server can only read what it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { DnsEngine } from './engine.js';
import { ClientLocator } from './locator.js';
import { CidrTable, type CidrCollections } from './cidr-table.js';
import type { UpstreamAddress } from './upstream.js';
import { DnsServer } from './server.js';
import { DnsIndex } from './zone-index.js';
import { ServiceTable } from './service-table.js';
import type { ServiceName } from './service-names.js';
import type { DnsRecordSet, DnsZone } from './records.js';

export interface WorkerOptions {
  host: string;
  port: number;
  locations?: string;
  /** KUMO_DNS_UPSTREAM, parsed. */
  upstream?: UpstreamAddress;
}

export type WorkerRequest =
  | { seq: number; op: 'setZone'; zone: DnsZone }
  | { seq: number; op: 'patchZone'; id: string; removed: DnsRecordSet[]; added: DnsRecordSet[] }
  | { seq: number; op: 'removeZone'; id: string }
  | { seq: number; op: 'replaceAll'; zones: DnsZone[] }
  | { seq: number; op: 'setHealth'; status: Record<string, boolean> }
  | { seq: number; op: 'setCidrCollection'; id: string; locations: Record<string, string[]> }
  | { seq: number; op: 'replaceCidrCollections'; all: CidrCollections }
  | { seq: number; op: 'setServiceNames'; source: string; names: ServiceName[] }
  | { seq: number; op: 'queryInVpc'; message: Uint8Array; address: string; transport: 'udp' | 'tcp'; vpc: string }
  | { seq: number; op: 'stats' }
  | { seq: number; op: 'query'; message: Uint8Array; address: string }
  | { seq: number; op: 'stop' };

export type WorkerReply = { seq: number; ok: true; answered?: number; version?: number; answer?: Uint8Array } | { seq: number; ok: false; error: string };

const port = parentPort;
if (port) {
  const options = workerData as WorkerOptions;
  const index = new DnsIndex();
  const health = new Map<string, boolean>();
  const cidr = new CidrTable();
  const services = new ServiceTable();
  const engine = new DnsEngine(index, { health: { isHealthy: (id) => health.get(id) ?? true }, locator: ClientLocator.fromSpec(options.locations), cidr, services, forwardOutside: options.upstream !== undefined });
  const server = new DnsServer(engine, { host: options.host, port: options.port, ...(options.upstream ? { upstream: options.upstream } : {}) });
  server.start().then(
    () => port.postMessage({ ready: true, port: server.port }),
    (e: NodeJS.ErrnoException) => port.postMessage({ ready: false, error: e.message, code: e.code }),
  );
  port.on('message', (m: WorkerRequest) => {
    const reply = (r: { ok: true; answered?: number; version?: number; answer?: Uint8Array } | { ok: false; error: string }) => port.postMessage({ seq: m.seq, ...r } satisfies WorkerReply);
    if (m.op === 'queryInVpc') {
      void server.answerInVpc(Buffer.from(m.message), m.address, m.transport, m.vpc).then((answer) => port.postMessage({ seq: m.seq, ok: true, ...(answer ? { answer } : {}) } satisfies WorkerReply));
      return;
    }
    try {
      switch (m.op) {
        case 'setZone':
          index.setZone(m.zone);
          break;
        case 'patchZone':
          index.patchZone(m.id, m.removed, m.added);
          break;
        case 'removeZone':
          index.removeZone(m.id);
          break;
        case 'replaceAll':
          index.replaceAll(m.zones);
          break;
        case 'setHealth':
          for (const [id, ok] of Object.entries(m.status)) health.set(id, ok);
          break;
        case 'setCidrCollection':
          cidr.set(m.id, m.locations);
          break;
        case 'replaceCidrCollections':
          cidr.replaceAll(m.all);
          break;
        case 'setServiceNames':
          services.set(m.source, m.names);
          break;
        case 'stats':
          break;
        case 'query': {
          // An in-process question (the CloudFront edge resolving an origin): answered as over TCP; nothing when the
          // name is outside kumo's zones and would be forwarded upstream.
          const answer = engine.answer(Buffer.from(m.message.buffer, m.message.byteOffset, m.message.byteLength), m.address, 'tcp');
          reply(answer ? { ok: true, answer } : { ok: true });
          return;
        }
        case 'stop':
          void server.stop().then(() => {
            reply({ ok: true });
            port.close();
          });
          return;
      }
      reply({ ok: true, answered: server.answered, version: index.version });
    } catch (e) {
      reply({ ok: false, error: (e as Error).message });
    }
  });
}
