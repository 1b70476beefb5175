// RequestContext: what every phase and provider knows about the request being served.
// Built by the pipeline; providers read account/region through it and never look at HTTP objects.
import type { Protocol } from './model.js';

export interface RequestContext {
  readonly requestId: string;
  /** The kumo service id (the @aws-sdk/client-<name> suffix: 'sts', 's3', 'route-53'). */
  service: string;
  operation: string;
  account: string;
  region: string;
  accessKeyId: string | undefined;
  /** The Host header the client used, e.g. 127.0.0.1:4566; SQS builds queue URLs from it. */
  host: string;
  protocol: Protocol | undefined;
  readonly startedAt: number;
}

/** The account and region a piece of state belongs to; `store.of(scope)` takes any object with these. */
export interface Scope {
  readonly account: string;
  readonly region: string;
}
