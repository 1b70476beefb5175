// Starts kumo: opens the store, builds the gateway, listens, prints the Ready line, and on SIGINT/SIGTERM stops
// accepting, lets in-flight requests finish, stops services and closes the store before exiting.
import type { KumoConfig } from './config.js';
import { Gateway } from './gateway/gateway.js';
import { listen, type RunningServer } from './gateway/server.js';
import { KUMO_VERSION } from './version.js';

export interface RunningKumo {
  gateway: Gateway;
  server: RunningServer;
  url: string;
  stop(): Promise<void>;
}

export async function startKumo(config: KumoConfig): Promise<RunningKumo> {
  const gateway = new Gateway(config);
  let server: RunningServer;
  try {
    server = await listen(gateway, config.host, config.port);
  } catch (error) {
    await gateway.close();
    throw error;
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${server.address.port}`;
  let stopping: Promise<void> | undefined;
  return {
    gateway,
    server,
    url,
    stop: () => {
      stopping ??= (async () => {
        await server.close();
        await gateway.close();
      })();
      return stopping;
    },
  };
}

export function readyLine(kumo: RunningKumo): string {
  return `Ready. kumo ${KUMO_VERSION} listening on ${kumo.url}`;
}
