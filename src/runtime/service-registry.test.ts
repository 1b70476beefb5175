// The service registry loads each service once: an eager service already loaded by an early request is not loaded
// (and its components not started) a second time when startEager reaches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../config.js';
import { silentLogger } from '../core/logger.js';
import type { ServiceDeps, ServiceDescriptor } from '../services/service-definition.js';
import { ServiceRegistry } from './service-registry.js';

test('an eager service loaded by a request before startEager is loaded and started once', async () => {
  let loads = 0;
  let starts = 0;
  const descriptor: ServiceDescriptor = {
    id: 'mft',
    scope: 'global',
    validation: 'none',
    eager: true,
    load: () => {
      loads++;
      return Promise.resolve({ context: undefined, operations: {}, components: [{ name: 'x', start: async () => void starts++, stop: async () => undefined }] });
    },
  };
  const deps = { config: { ...DEFAULT_CONFIG, services: ['mft'] }, logger: silentLogger } as unknown as Omit<ServiceDeps, 'internal'>;
  const registry = new ServiceRegistry(deps, [descriptor]);
  await registry.instance('mft');
  await registry.startEager();
  assert.deepEqual([loads, starts], [1, 1]);
  await registry.stop();
});
