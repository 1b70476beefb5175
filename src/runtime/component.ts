// A runtime component: anything long-running that the runtime starts in dependency order and stops at shutdown
// (the HTTP gateway, a DNS server, a proxy, a delivery worker). Its health is shown in GET /_kumo/health.

/**
 * `starting`/`running`/`stopping`/`stopped` follow start() and stop(); `failed` means start() threw (the rest of
 * kumo keeps serving); `impaired` means it runs but part of it could not (a listener that could not bind).
 */
export type ComponentState = 'starting' | 'running' | 'impaired' | 'failed' | 'stopping' | 'stopped';

export interface ComponentHealth {
  state: ComponentState;
  /** Why it failed or is impaired, with a KUMO_ERR_… code when there is one. */
  detail?: string;
  /** What it listens on, e.g. "tcp 127.0.0.1:10053". */
  endpoints?: string[];
}

export interface Component {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Its own view of its health while running (endpoints, impairments); the runtime tracks the lifecycle states. */
  health?(): Partial<ComponentHealth>;
}
