// Starts kumo: builds the runtime (stores, clock, services, gateway), listens, and describes what listens where;
// on SIGINT/SIGTERM the runtime stops accepting, lets in-flight requests finish and closes everything.
import type { KumoConfig } from './config.js';
import { startRuntime, type Runtime } from './runtime/runtime.js';
import { KUMO_VERSION } from './version.js';

export type RunningKumo = Runtime;

export function startKumo(config: KumoConfig): Promise<Runtime> {
  return startRuntime(config);
}

export function readyLine(kumo: Runtime): string {
  const data = kumo.config.inMemory ? 'in memory (nothing is kept)' : `data in ${kumo.config.dataDir}`;
  return `Ready. kumo ${KUMO_VERSION} listening on ${kumo.url} (${data})`;
}

/** One line per component that listens, for the startup banner. */
export function listenerLines(kumo: Runtime): string[] {
  const health = kumo.health() as { components: Record<string, { state: string; endpoints?: string[]; detail?: string }> };
  return Object.entries(health.components)
    .filter(([name]) => name !== 'gateway')
    .map(([name, c]) => `  ${name}: ${c.state}${c.endpoints?.length ? ` on ${c.endpoints.join(', ')}` : ''}${c.detail ? ` (${c.detail})` : ''}`);
}
