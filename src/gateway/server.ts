// The node:http listener in front of the gateway: adapts IncomingMessage to a GatewayRequest (the body stays a
// stream), writes the WireResponse back, and shuts down cleanly, letting in-flight requests finish.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Gateway } from './gateway.js';
import type { GatewayRequest } from './pipeline-context.js';
import { KumoError } from '../core/kumo-error.js';

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function serve(gateway: Gateway, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request: GatewayRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: headersOf(req), body: req };
  const response = await gateway.handle(request);
  const body = response.body;
  if (Buffer.isBuffer(body)) response.headers['content-length'] = String(body.length);
  else if (body === undefined && !('content-length' in response.headers) && req.method !== 'HEAD') response.headers['content-length'] = '0';
  res.writeHead(response.status, response.headers);
  if (body instanceof Readable) {
    await pipeline(body, res);
  } else {
    res.end(req.method === 'HEAD' ? undefined : body);
  }
  // A request body the operation did not read (an error before parse) is drained so keep-alive stays usable.
  if (!req.complete) req.resume();
}

export interface RunningServer {
  server: Server;
  address: { host: string; port: number };
  close(): Promise<void>;
}

export async function listen(gateway: Gateway, host: string, port: number): Promise<RunningServer> {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    serve(gateway, req, res).catch((error: unknown) => {
      // Only a broken socket gets here (the gateway itself never throws): end the exchange.
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new KumoError('KUMO_ERR_SERVER_PORT_IN_USE', `port ${port} on ${host} is already in use`));
      else if (error.code === 'EACCES') reject(new KumoError('KUMO_ERR_SERVER_PORT_DENIED', `not allowed to listen on ${host}:${port}`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  const bound = server.address();
  const actualPort = typeof bound === 'object' && bound ? bound.port : port;
  return {
    server,
    address: { host, port: actualPort },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
