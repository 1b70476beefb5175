// The proxy core shared by the load balancers (ALB, NLB, CLB) and the CloudFront edge: raw-socket HTTP/1.1 with a
// head-only parser, streamed bodies, pooled keep-alive upstreams, and byte pipes for TCP listeners.
export { BodyFramer, type BodyKind } from './body-framing.js';
export { buildRequestHead, buildResponseHead, findHeadEnd, headerValue, headerValues, HttpParseError, MAX_HEAD_BYTES, parseRequestHead, parseResponseHead, type HeadEdits, type HttpHead } from './http-head.js';
export { createHttpProxyServer, createHttpsProxyServer, serveHttpProxy, type ClientInfo, type ForwardPlan, type HttpProxyOptions, type InspectBodyPlan, type PendingPlan, type ProxyPlan, type RespondPlan, type UpstreamFailure, type ExchangeStats } from './http-proxy.js';
export { completeResponse, reasonPhrase, type ResponseSpec } from './responses.js';
export { UpstreamPool, type PoolOptions, type UpstreamTarget } from './upstream-pool.js';
export { dechunk } from './dechunk.js';
export { relay, type RelayStats } from './tcp-relay.js';
