// Load balancer and target group attributes: AWS's keys, defaults and allowed values per type (elbv2 API reference,
// LoadBalancerAttribute / TargetGroupAttribute). Modify checks every key and value before changing anything.
import { modeledError } from '../../generated/elastic-load-balancing-v2/errors.js';

type Rule = { kind: 'bool' } | { kind: 'int'; min: number; max: number } | { kind: 'enum'; values: readonly string[] } | { kind: 'string' };
const bool: Rule = { kind: 'bool' };
const str: Rule = { kind: 'string' };
const int = (min: number, max: number): Rule => ({ kind: 'int', min, max });
const oneOf = (...values: string[]): Rule => ({ kind: 'enum', values });

interface Spec {
  def: string;
  rule: Rule;
}

const COMMON_LB: Record<string, Spec> = {
  'deletion_protection.enabled': { def: 'false', rule: bool },
  'access_logs.s3.enabled': { def: 'false', rule: bool },
  'access_logs.s3.bucket': { def: '', rule: str },
  'access_logs.s3.prefix': { def: '', rule: str },
  'zonal_shift.config.enabled': { def: 'false', rule: bool },
};

const ALB: Record<string, Spec> = {
  ...COMMON_LB,
  'idle_timeout.timeout_seconds': { def: '60', rule: int(1, 4000) },
  'client_keep_alive.seconds': { def: '3600', rule: int(60, 604800) },
  'connection_logs.s3.enabled': { def: 'false', rule: bool },
  'connection_logs.s3.bucket': { def: '', rule: str },
  'connection_logs.s3.prefix': { def: '', rule: str },
  'health_check_logs.s3.enabled': { def: 'false', rule: bool },
  'health_check_logs.s3.bucket': { def: '', rule: str },
  'health_check_logs.s3.prefix': { def: '', rule: str },
  'routing.http.desync_mitigation_mode': { def: 'defensive', rule: oneOf('monitor', 'defensive', 'strictest') },
  'routing.http.drop_invalid_header_fields.enabled': { def: 'false', rule: bool },
  'routing.http.preserve_host_header.enabled': { def: 'false', rule: bool },
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': { def: 'false', rule: bool },
  'routing.http.xff_client_port.enabled': { def: 'false', rule: bool },
  'routing.http.xff_header_processing.mode': { def: 'append', rule: oneOf('append', 'preserve', 'remove') },
  'routing.http2.enabled': { def: 'true', rule: bool },
  'waf.fail_open.enabled': { def: 'false', rule: bool },
  'load_balancing.cross_zone.enabled': { def: 'true', rule: bool },
};

const NLB: Record<string, Spec> = {
  ...COMMON_LB,
  'load_balancing.cross_zone.enabled': { def: 'false', rule: bool },
  'dns_record.client_routing_policy': { def: 'any_availability_zone', rule: oneOf('availability_zone_affinity', 'partial_availability_zone_affinity', 'any_availability_zone') },
};

const TG_COMMON: Record<string, Spec> = {
  'deregistration_delay.timeout_seconds': { def: '300', rule: int(0, 3600) },
  'stickiness.enabled': { def: 'false', rule: bool },
  'load_balancing.cross_zone.enabled': { def: 'use_load_balancer_configuration', rule: oneOf('true', 'false', 'use_load_balancer_configuration') },
  'target_group_health.dns_failover.minimum_healthy_targets.count': { def: '1', rule: str },
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': { def: 'off', rule: str },
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': { def: '1', rule: int(1, 1_000_000) },
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': { def: 'off', rule: str },
};

const TG_ALB: Record<string, Spec> = {
  ...TG_COMMON,
  'stickiness.type': { def: 'lb_cookie', rule: oneOf('lb_cookie', 'app_cookie') },
  'stickiness.lb_cookie.duration_seconds': { def: '86400', rule: int(1, 604800) },
  'stickiness.app_cookie.cookie_name': { def: '', rule: str },
  'stickiness.app_cookie.duration_seconds': { def: '86400', rule: int(1, 604800) },
  'load_balancing.algorithm.type': { def: 'round_robin', rule: oneOf('round_robin', 'least_outstanding_requests', 'weighted_random') },
  'load_balancing.algorithm.anomaly_mitigation': { def: 'off', rule: oneOf('on', 'off') },
  'slow_start.duration_seconds': { def: '0', rule: int(0, 900) },
};

const TG_NLB: Record<string, Spec> = {
  ...TG_COMMON,
  'deregistration_delay.connection_termination.enabled': { def: 'false', rule: bool },
  'preserve_client_ip.enabled': { def: 'true', rule: bool },
  'proxy_protocol_v2.enabled': { def: 'false', rule: bool },
  'stickiness.type': { def: 'source_ip', rule: oneOf('source_ip') },
  'target_health_state.unhealthy.connection_termination.enabled': { def: 'true', rule: bool },
  'target_health_state.unhealthy.draining_interval_seconds': { def: '0', rule: int(0, 360000) },
};

function defaults(specs: Record<string, Spec>): Record<string, string> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.def]));
}

export function loadBalancerDefaults(type: 'application' | 'network'): Record<string, string> {
  return defaults(type === 'application' ? ALB : NLB);
}

/** NLB-style target groups (TCP, UDP, TCP_UDP, TLS) get NLB attributes; preserve_client_ip is off for ip targets on
 *  TCP and TLS (TargetGroupAttribute reference). */
export function targetGroupDefaults(protocol: string, targetType: string): Record<string, string> {
  if (!isNetworkProtocol(protocol)) return defaults(TG_ALB);
  const out = defaults(TG_NLB);
  if (targetType === 'ip' && (protocol === 'TCP' || protocol === 'TLS')) out['preserve_client_ip.enabled'] = 'false';
  return out;
}

export function isNetworkProtocol(protocol: string): boolean {
  return protocol === 'TCP' || protocol === 'UDP' || protocol === 'TCP_UDP' || protocol === 'TLS';
}

function check(specs: Record<string, Spec>, key: string, value: string, what: string): void {
  const spec = specs[key];
  if (!spec) throw modeledError('InvalidConfigurationRequestException', `${what} attribute key '${key}' is not recognized`);
  const bad = (): never => {
    throw modeledError('InvalidConfigurationRequestException', `${what} attribute '${key}' cannot have value '${value}'`);
  };
  switch (spec.rule.kind) {
    case 'bool':
      if (value !== 'true' && value !== 'false') bad();
      break;
    case 'int': {
      if (!/^\d+$/.test(value)) bad();
      const n = Number(value);
      if (n < spec.rule.min || n > spec.rule.max) bad();
      break;
    }
    case 'enum':
      if (!spec.rule.values.includes(value)) bad();
      break;
    case 'string':
      break;
  }
}

/** Validates every pair against the type's table, then returns the merged attributes (nothing changes on error). */
export function applyAttributes(current: Record<string, string>, changes: ReadonlyArray<{ Key?: string; Value?: string }>, table: 'alb' | 'nlb' | 'tg-alb' | 'tg-nlb'): Record<string, string> {
  const specs = { alb: ALB, nlb: NLB, 'tg-alb': TG_ALB, 'tg-nlb': TG_NLB }[table];
  const what = table.startsWith('tg') ? 'Target group' : 'Load balancer';
  const next = { ...current };
  for (const { Key, Value } of changes) {
    check(specs, Key ?? '', Value ?? '', what);
    next[Key!] = Value ?? '';
  }
  return next;
}

export function toList(attributes: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
}
