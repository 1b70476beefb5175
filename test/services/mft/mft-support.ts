// Test helpers for MFT: two nodes on their own loopback addresses with temp data dirs and minimal management info.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MftNode, type NodeOptions } from '../../../src/services/mft/node.js';
import { validate, type DefKind } from '../../../src/services/mft/definitions.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kumo-mft-${prefix}-`));
}

export function define(node: MftNode, kind: DefKind, id: string, fields: Record<string, string>, list: string[] = []): void {
  node.store.putDef(validate({ kind, id, fields, list }), true);
}

export interface Pair {
  a: MftNode;
  b: MftNode;
  dirs: string[];
  close(): Promise<void>;
}

/** Node A (sender, named "nodea") and node B (receiver, "nodeb"), each knowing the other as a host and group member. */
export async function startPair(addrA: string, addrB: string, optsA: Partial<NodeOptions> = {}, optsB: Partial<NodeOptions> = {}): Promise<Pair> {
  const dirs = [tempDir('a'), tempDir('b')];
  const a = new MftNode({ name: 'nodea', address: addrA, dataDir: dirs[0]!, settings: { retrycnt: 0, retrytimeMs: 50 }, ...optsA });
  const b = new MftNode({ name: 'nodeb', address: addrB, dataDir: dirs[1]!, settings: { retrycnt: 0, retrytimeMs: 50 }, ...optsB });
  await a.start();
  await b.start();
  define(a, 'hst', 'nodeb', { ADDRESS: addrB, KCODETYPE: '8' });
  define(b, 'hst', 'nodea', { ADDRESS: addrA, KCODETYPE: 'S' });
  define(a, 'tgrp', 'TOB', {}, ['nodeb']);
  define(b, 'tgrp', 'FROMA', {}, ['nodea']);
  return {
    a,
    b,
    dirs,
    async close() {
      await a.stop();
      await b.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A SigV4-signed call to kumo's own MFT API (signing name "mft") at `base`; answers status and parsed JSON. */
export async function mftCall(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  query: Record<string, string> = {},
  credentials: { accessKeyId: string; secretAccessKey: string } = { accessKeyId: 'test', secretAccessKey: 'test' },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const { request } = await import('node:http');
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const signer = new SignatureV4({ service: 'mft', region: 'us-east-1', credentials, sha256: Sha256 });
  const url = new URL(base);
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = { host: url.host, ...(text ? { 'content-type': 'application/json' } : {}) };
  const signed = await signer.sign({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query, headers, body: text });
  const qs = new URLSearchParams(query).toString();
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: Number(url.port), method, path: qs ? `${path}?${qs}` : path, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, json: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}
