// Test helpers for S3 over a real socket with an explicit Host: raw HTTP to 127.0.0.1, and SDK v3 clients whose
// connections resolve every host name (bucket.s3.localhost.localstack.cloud, bucket.s3-accelerate.amazonaws.com) to 127.0.0.1.
import { Agent, request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { BuildMiddleware, MetadataBearer } from '@smithy/types';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One HTTP request to 127.0.0.1:port with the given Host header (no DNS involved). */
export function rawRequest(port: number, options: { method: string; host: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method, path: options.path, headers: { host: options.host, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** The unescaped text of an S3 XML element, e.g. xmlText(body, 'Code'). */
export function xmlText(body: Buffer, element: string): string | undefined {
  const raw = new RegExp(`<${element}>([^<]*)</${element}>`).exec(body.toString('utf8'))?.[1];
  return raw?.replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e] ?? e);
}

/** Resolves every name to the loopback address, as /etc/hosts would for *.localhost.localstack.cloud. */
export const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** An SDK v3 client using virtual-hosted addressing against `endpoint` (a name resolved to 127.0.0.1 by the agent). */
export function virtualHostClient(endpoint: string, region = 'us-east-1', extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    region, endpoint, forcePathStyle: false, credentials: CREDENTIALS, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup: toLoopback, keepAlive: true }) }),
    ...extra,
  });
}

/**
 * An SDK v3 client with `useAccelerateEndpoint: true`. The SDK refuses a custom endpoint with acceleration, so it
 * builds its real `https://<bucket>.s3-accelerate.amazonaws.com` URL; a build-step middleware sends that request
 * over plain HTTP to kumo's port, and the agent resolves the name to 127.0.0.1. Host stays the accelerate host.
 */
export function accelerateClient(port: number, extra: Partial<S3ClientConfig> = {}): S3Client {
  const client = new S3Client({
    region: 'us-east-1', useAccelerateEndpoint: true, credentials: CREDENTIALS, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup: toLoopback, keepAlive: true }) }),
    ...extra,
  });
  const toKumo: BuildMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const req = args.request as { protocol?: string; port?: number };
    req.protocol = 'http:';
    req.port = port;
    return next(args);
  };
  client.middlewareStack.add(toKumo, { step: 'build', name: 'kumoAccelerateRedirect' });
  return client;
}
