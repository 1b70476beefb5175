// Health check operations: create (CallerReference idempotency), get, list, count, update (HealthCheckVersion),
// delete (HealthCheckInUse while a record set names it), status and last failure as the checker last saw them.
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/route-53/api.js';
import type { Route53Context } from './context.js';
import { healthCheckAlreadyExists, healthCheckInUse, healthCheckVersionMismatch, invalidInput, noSuchHealthCheck } from './errors.js';
import { defaultPort } from './health-probe.js';
import type { StoredHealthCheck } from './store.js';

/** The regions Route 53 checks from when a health check names none. */
const DEFAULT_REGIONS: api.HealthCheckRegion[] = ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];

const ENDPOINT = new Set(['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP']);

/** Validates a config and fills in Route 53's defaults (RequestInterval 30, FailureThreshold 3, ports 80/443). */
export function normalizeConfig(input: api.HealthCheckConfig): api.HealthCheckConfig {
  const c: api.HealthCheckConfig = { ...input };
  if (c.Type === 'RECOVERY_CONTROL') throw invalidInput('kumo does not implement Route 53 Application Recovery Controller routing controls.');
  if (ENDPOINT.has(c.Type)) {
    if (c.IPAddress === undefined && c.FullyQualifiedDomainName === undefined) throw invalidInput('Invalid parameter : Either IPAddress or FullyQualifiedDomainName must be specified.');
    if (c.IPAddress !== undefined && isIP(c.IPAddress) === 0) throw invalidInput(`Invalid parameter : IP address ${c.IPAddress} is not valid.`);
    if (c.Type.endsWith('_STR_MATCH') && !c.SearchString) throw invalidInput('Invalid parameter : SearchString must be specified for string matching health checks.');
    c.Port ??= defaultPort(c.Type);
    c.RequestInterval ??= 30;
    if (c.RequestInterval !== 10 && c.RequestInterval !== 30) throw invalidInput('Invalid parameter : RequestInterval must be either 10 or 30 seconds.');
    c.FailureThreshold ??= 3;
    if (c.FailureThreshold < 1 || c.FailureThreshold > 10) throw invalidInput('Invalid parameter : FailureThreshold must be between 1 and 10.');
    c.MeasureLatency ??= false;
    if (c.Type.startsWith('HTTPS')) c.EnableSNI ??= true;
  }
  if (c.Type === 'CALCULATED') {
    c.ChildHealthChecks ??= [];
    c.HealthThreshold ??= c.ChildHealthChecks.length;
  }
  c.Inverted ??= false;
  c.Disabled ??= false;
  return c;
}

function view(h: StoredHealthCheck): api.HealthCheck {
  return { Id: h.id, CallerReference: h.callerReference, HealthCheckConfig: h.config as unknown as api.HealthCheckConfig, HealthCheckVersion: h.version };
}

function requireCheck(s: Route53Context, ctx: RequestContext, id: string): StoredHealthCheck {
  const h = s.store.healthCheck(ctx.account, id);
  if (!h) throw noSuchHealthCheck(id);
  return h;
}

export function createHealthCheck(s: Route53Context, ctx: RequestContext, input: api.CreateHealthCheckRequest): api.CreateHealthCheckResponse {
  const config = normalizeConfig(input.HealthCheckConfig);
  const existing = s.store.healthCheckByCallerReference(ctx.account, input.CallerReference);
  if (existing) {
    // Route 53: the same CallerReference with the same settings returns the existing check; other settings fail.
    if (JSON.stringify(existing.config) === JSON.stringify(config)) return { HealthCheck: view(existing), Location: `https://route53.amazonaws.com/2013-04-01/healthcheck/${existing.id}` };
    throw healthCheckAlreadyExists(input.CallerReference);
  }
  for (const child of config.ChildHealthChecks ?? []) requireCheck(s, ctx, child);
  const h: StoredHealthCheck = { account: ctx.account, id: randomUUID(), callerReference: input.CallerReference, config: config as unknown as Record<string, unknown>, version: 1 };
  s.store.transaction(() => s.store.insertHealthCheck(h));
  s.checker.upsert(h.id, config, ctx.account);
  return { HealthCheck: view(h), Location: `https://route53.amazonaws.com/2013-04-01/healthcheck/${h.id}` };
}

export function getHealthCheck(s: Route53Context, ctx: RequestContext, input: api.GetHealthCheckRequest): api.GetHealthCheckResponse {
  return { HealthCheck: view(requireCheck(s, ctx, input.HealthCheckId)) };
}

export function listHealthChecks(s: Route53Context, ctx: RequestContext, input: api.ListHealthChecksRequest): api.ListHealthChecksResponse {
  const limit = Math.min(1000, Math.max(1, Number(input.MaxItems ?? 100) || 100));
  const all = s.store.healthChecks(ctx.account);
  const from = input.Marker ? all.findIndex((h) => h.id === input.Marker) : 0;
  const rest = all.slice(Math.max(0, from));
  const out: api.ListHealthChecksResponse = { HealthChecks: rest.slice(0, limit).map(view), Marker: input.Marker ?? '', IsTruncated: rest.length > limit, MaxItems: String(limit) };
  if (rest.length > limit) out.NextMarker = rest[limit]!.id;
  return out;
}

export function getHealthCheckCount(s: Route53Context, ctx: RequestContext): api.GetHealthCheckCountResponse {
  return { HealthCheckCount: s.store.healthChecks(ctx.account).length };
}

const RESETTABLE: Record<string, keyof api.HealthCheckConfig> = { ChildHealthChecks: 'ChildHealthChecks', FullyQualifiedDomainName: 'FullyQualifiedDomainName', Regions: 'Regions', ResourcePath: 'ResourcePath' };

export function updateHealthCheck(s: Route53Context, ctx: RequestContext, input: api.UpdateHealthCheckRequest): api.UpdateHealthCheckResponse {
  const h = requireCheck(s, ctx, input.HealthCheckId);
  if (input.HealthCheckVersion !== undefined && input.HealthCheckVersion !== h.version) throw healthCheckVersionMismatch();
  const next = { ...(h.config as unknown as api.HealthCheckConfig) } as Record<string, unknown>;
  const { HealthCheckId: _id, HealthCheckVersion: _v, ResetElements, ...changes } = input;
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) next[k] = v;
  for (const el of ResetElements ?? []) delete next[RESETTABLE[el] ?? el];
  const config = normalizeConfig(next as unknown as api.HealthCheckConfig);
  const updated: StoredHealthCheck = { ...h, config: config as unknown as Record<string, unknown>, version: h.version + 1 };
  s.store.transaction(() => s.store.updateHealthCheck(h.id, updated.config, updated.version));
  s.checker.upsert(h.id, config, ctx.account);
  return { HealthCheck: view(updated) };
}

export function deleteHealthCheck(s: Route53Context, ctx: RequestContext, input: api.DeleteHealthCheckRequest): api.DeleteHealthCheckResponse {
  const h = requireCheck(s, ctx, input.HealthCheckId);
  if (s.store.healthCheckInUse(h.id)) throw healthCheckInUse(h.id);
  s.store.transaction(() => s.store.deleteHealthCheck(ctx.account, h.id));
  s.checker.remove(h.id);
  return {};
}

function observations(h: StoredHealthCheck, report: { report: string; at: number } | undefined): api.HealthCheckObservation[] {
  if (!report) return [];
  const regions = ((h.config['Regions'] as api.HealthCheckRegion[] | undefined) ?? DEFAULT_REGIONS).slice();
  // kumo has one checker; every region reports what it saw (from loopback, the checker's own address).
  return regions.map((Region) => ({ Region, IPAddress: '127.0.0.1', StatusReport: { Status: report.report, CheckedTime: new Date(report.at) } }));
}

export function getHealthCheckStatus(s: Route53Context, ctx: RequestContext, input: api.GetHealthCheckStatusRequest): api.GetHealthCheckStatusResponse {
  const h = requireCheck(s, ctx, input.HealthCheckId);
  if (h.config['Type'] === 'CALCULATED') throw invalidInput('Invalid parameter : GetHealthCheckStatus is not supported for calculated health checks.');
  return { HealthCheckObservations: observations(h, s.checker.last(h.id)) };
}

export function getHealthCheckLastFailureReason(s: Route53Context, ctx: RequestContext, input: api.GetHealthCheckLastFailureReasonRequest): api.GetHealthCheckLastFailureReasonResponse {
  const h = requireCheck(s, ctx, input.HealthCheckId);
  return { HealthCheckObservations: observations(h, s.checker.lastFailure(h.id)) };
}
