// How a service plugs into the gateway: an id matching src/generated/<id>, and a factory that builds its
// provider from injected dependencies (store, blobs, clock, scheduler, config). Lifecycle hooks run background work.
import type { Clock, Scheduler } from '../core/clock.js';
import type { KumoConfig } from '../config.js';
import type { StateStore } from '../store/state-store.js';
import type { BlobStore } from '../store/blob-store.js';
import type { RequestContext } from '../core/request-context.js';
import type { WireRequest, WireResponse } from '../protocol/codec.js';

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

/**
 * HTTP-level behaviour a service adds around its operations, offered by its provider as a `http` property (the
 * gateway reaches services through their providers). S3 uses it for virtual-hosted and accelerate hosts and for
 * bucket CORS rules; services without it get the gateway's path routing and generic CORS answers.
 */
export interface HttpHooks {
  /** Called once the request is routed to the service: may rewrite it to the form its codec reads (S3:
   *  `<bucket>.s3.<host>/key` → `/<bucket>/key`), or throw an AwsError to refuse it (acceleration not enabled). */
  rewrite?: (req: WireRequest) => void;
  /** An OPTIONS request: the service's own preflight answer (a response, or a thrown AwsError), or undefined to
   *  leave it to the gateway (the generic preflight answer, or the pipeline for a plain OPTIONS). */
  preflight?: (req: WireRequest) => WireResponse | undefined;
  /** The CORS headers for a request carrying Origin, replacing the gateway's generic ones (an empty object sends
   *  none), or undefined to keep the generic ones. `req` is the request as rewritten. */
  corsHeaders?: (req: WireRequest) => Record<string, string> | undefined;
  /** Called once a non-streaming body has been read: may throw the service's integrity error (S3: a
   *  Content-MD5 that is malformed or does not match the body, on any request that carries one). */
  checkBody?: (req: WireRequest) => void;
}

/** The provider's HTTP hooks, if it offers any. */
export function httpHooksOf(provider: Provider | undefined): HttpHooks | undefined {
  if (provider === undefined || !('http' in provider)) return undefined;
  const hooks: unknown = provider.http;
  return typeof hooks === 'object' && hooks !== null ? hooks : undefined;
}
