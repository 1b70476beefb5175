// How a service plugs into the gateway: an id matching src/generated/<id>, and a factory that builds its
// provider from injected dependencies (store, blobs, clock, scheduler, config). Lifecycle hooks run background work.
import type { Clock, Scheduler } from '../core/clock.js';
import type { KumoConfig } from '../config.js';
import type { StateStore } from '../store/state-store.js';
import type { BlobStore } from '../store/blob-store.js';
import type { RequestContext } from '../core/request-context.js';

export interface ServiceDeps {
  store: StateStore;
  blobs: BlobStore;
  clock: Clock;
  scheduler: Scheduler;
  config: KumoConfig;
  /** In-process calls to other services' providers (never HTTP to ourselves). */
  internal: InternalServices;
}

/** A provider is an object whose methods are the lowerCamel operation names: `(ctx, input) => Promise<output>`. */
export type ProviderMethod = (ctx: RequestContext, input: Record<string, unknown>) => Promise<object> | object;
export type Provider = object;

export interface ServiceInstance {
  provider: Provider;
  /** Starts background work (sweepers, timers) on the injected scheduler. */
  start?(): void;
  /** Stops background work; awaited on shutdown before the store closes. */
  stop?(): void | Promise<void>;
  /** Drops in-memory caches after POST /_kumo/reset wiped the store. */
  reset?(): void;
}

export interface ServiceDefinition {
  /** The kumo service id, the @aws-sdk/client-<id> suffix, equal to the src/generated/<id> folder. */
  id: string;
  /** Global services (IAM, Route 53, CloudFront) keep state in us-east-1 whatever region the client names. */
  scope: 'regional' | 'global';
  /** Services whose providers this one calls in process (S3 → SQS for event notifications); created first. */
  dependsOn?: readonly string[];
  create(deps: ServiceDeps): ServiceInstance;
}

export interface InternalServices {
  /** The live provider of another service, for cross-service calls (Firehose → S3). Undefined when disabled. */
  provider(id: string): Provider | undefined;
}

export function defineService(definition: ServiceDefinition): ServiceDefinition {
  return definition;
}
