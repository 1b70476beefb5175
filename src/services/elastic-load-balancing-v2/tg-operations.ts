// Target group operations: create (idempotent by name and settings) with AWS's health check defaults per protocol,
// describe, modify, delete (refused while a listener or rule forwards to it), attributes.
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing-v2/api.js';
import { modeledError } from '../../generated/elastic-load-balancing-v2/errors.js';
import { applyAttributes, isNetworkProtocol, targetGroupDefaults, toList } from './attributes.js';
import type { Elbv2 } from './context.js';
import { notDone, page } from './lb-operations.js';
import { checkName, targetGroupArn, validationError } from './names.js';
import type { TargetGroupRecord } from './records.js';
import { inScope } from './state.js';

export function findTg(s: Elbv2, ctx: RequestContext, arn: string): TargetGroupRecord {
  const rec = s.state.tgs.get(arn);
  if (!rec || rec.account !== ctx.account || rec.region !== ctx.region) throw modeledError('TargetGroupNotFoundException', `Target groups '${arn}' not found`);
  return rec;
}

/** Load balancers whose listeners or rules forward to the group. */
export function lbArnsUsing(s: Elbv2, tgArn: string): string[] {
  const out = new Set<string>();
  const forwards = (actions: Api.Action[]): boolean => actions.some((a) => a.TargetGroupArn === tgArn || a.ForwardConfig?.TargetGroups?.some((g) => g.TargetGroupArn === tgArn));
  for (const l of s.state.listeners.values()) if (forwards(l.defaultActions)) out.add(l.lbArn);
  for (const r of s.state.rules.values()) {
    if (!forwards(r.actions)) continue;
    const l = s.state.listeners.get(r.listenerArn);
    if (l) out.add(l.lbArn);
  }
  return [...out];
}

function healthDefaults(protocol: string, hcProtocol: string): { timeout: number; interval: number; healthy: number; unhealthy: number; matcher: string | undefined } {
  // ALB: HTTP(S) 30 s / 5 s / 5 / 2, 200; NLB: TCP 30 s / 10 s, HTTP 6 s, 5 / 2, 200-399 (target group health check reference).
  if (isNetworkProtocol(protocol)) {
    const http = hcProtocol === 'HTTP' || hcProtocol === 'HTTPS';
    return { timeout: http ? 6 : 10, interval: 30, healthy: 5, unhealthy: 2, matcher: http ? '200-399' : undefined };
  }
  return { timeout: 5, interval: 30, healthy: 5, unhealthy: 2, matcher: '200' };
}

export function createTargetGroup(s: Elbv2, ctx: RequestContext, input: Api.CreateTargetGroupInput): Api.CreateTargetGroupOutput {
  checkName(input.Name, 'target group');
  const targetType = input.TargetType ?? 'instance';
  if (targetType === 'lambda' || targetType === 'alb') throw notDone('CreateTargetGroup', `${targetType} targets`);
  if (!input.Protocol) throw validationError('A protocol must be specified');
  if (input.Port === undefined) throw validationError('A port must be specified');
  if (!input.VpcId) throw validationError('A VPC ID must be specified');
  if (input.Protocol === 'GENEVE') throw notDone('CreateTargetGroup', 'Gateway Load Balancer (GENEVE) target groups');
  if (input.ProtocolVersion && input.ProtocolVersion !== 'HTTP1') throw notDone('CreateTargetGroup', `${input.ProtocolVersion} target groups`);
  const network = isNetworkProtocol(input.Protocol);
  const hcProtocol = input.HealthCheckProtocol ?? (network ? 'TCP' : input.Protocol);
  const d = healthDefaults(input.Protocol, hcProtocol);
  const httpCheck = hcProtocol === 'HTTP' || hcProtocol === 'HTTPS';
  const interval = input.HealthCheckIntervalSeconds ?? d.interval;
  const timeout = input.HealthCheckTimeoutSeconds ?? d.timeout;
  if (interval < 5 || interval > 300) throw validationError(`Health check interval must be between 5 and 300 seconds`);
  if (timeout < 2 || timeout > 120) throw validationError(`Health check timeout must be between 2 and 120 seconds`);
  if (timeout >= interval) throw validationError('Health check interval must be greater than the timeout.');
  const tg: TargetGroupRecord['tg'] = {
    TargetGroupArn: '',
    TargetGroupName: input.Name,
    Protocol: input.Protocol,
    Port: input.Port,
    VpcId: input.VpcId,
    HealthCheckProtocol: hcProtocol,
    HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
    HealthCheckEnabled: input.HealthCheckEnabled ?? true,
    HealthCheckIntervalSeconds: interval,
    HealthCheckTimeoutSeconds: timeout,
    HealthyThresholdCount: input.HealthyThresholdCount ?? d.healthy,
    UnhealthyThresholdCount: input.UnhealthyThresholdCount ?? d.unhealthy,
    ...(httpCheck ? { HealthCheckPath: input.HealthCheckPath ?? '/', Matcher: input.Matcher ?? { HttpCode: d.matcher ?? '200' } } : {}),
    LoadBalancerArns: [],
    TargetType: targetType,
    ...(network ? {} : { ProtocolVersion: 'HTTP1' }),
    IpAddressType: input.IpAddressType ?? 'ipv4',
  };
  const existing = inScope(s.state.tgs, ctx).find((r) => r.tg.TargetGroupName === input.Name);
  if (existing) {
    const a = { ...existing.tg, TargetGroupArn: '', LoadBalancerArns: [] };
    if (JSON.stringify(a) !== JSON.stringify(tg)) throw modeledError('DuplicateTargetGroupNameException', `A target group with the same name '${input.Name}' exists, but with different settings`);
    return { TargetGroups: [view(s, existing)] };
  }
  tg.TargetGroupArn = targetGroupArn(ctx.account, ctx.region, input.Name);
  const rec: TargetGroupRecord = { account: ctx.account, region: ctx.region, tg, attributes: targetGroupDefaults(input.Protocol, targetType), tags: input.Tags ?? [], targets: [] };
  s.state.put('tg', tg.TargetGroupArn, rec);
  return { TargetGroups: [view(s, rec)] };
}

export function view(s: Elbv2, rec: TargetGroupRecord): Api.TargetGroup {
  return { ...rec.tg, LoadBalancerArns: lbArnsUsing(s, rec.tg.TargetGroupArn) };
}

export function describeTargetGroups(s: Elbv2, ctx: RequestContext, input: Api.DescribeTargetGroupsInput): Api.DescribeTargetGroupsOutput {
  let list = inScope(s.state.tgs, ctx);
  if (input.TargetGroupArns?.length) list = input.TargetGroupArns.map((arn) => findTg(s, ctx, arn));
  else if (input.Names?.length) {
    list = input.Names.map((n) => {
      const found = list.find((r) => r.tg.TargetGroupName === n);
      if (!found) throw modeledError('TargetGroupNotFoundException', `One or more target groups not found`);
      return found;
    });
  }
  if (input.LoadBalancerArn) {
    const lbArn = input.LoadBalancerArn;
    if (!s.state.lbs.has(lbArn)) throw modeledError('LoadBalancerNotFoundException', `Load balancer '${lbArn}' not found`);
    list = list.filter((r) => lbArnsUsing(s, r.tg.TargetGroupArn).includes(lbArn));
  }
  return page(list.map((r) => view(s, r)), input.Marker, input.PageSize, (TargetGroups, NextMarker) => ({ TargetGroups, ...(NextMarker ? { NextMarker } : {}) }));
}

export function modifyTargetGroup(s: Elbv2, ctx: RequestContext, input: Api.ModifyTargetGroupInput): Api.ModifyTargetGroupOutput {
  const rec = findTg(s, ctx, input.TargetGroupArn);
  const tg = { ...rec.tg };
  if (input.HealthCheckProtocol !== undefined) tg.HealthCheckProtocol = input.HealthCheckProtocol;
  if (input.HealthCheckPort !== undefined) tg.HealthCheckPort = input.HealthCheckPort;
  if (input.HealthCheckPath !== undefined) tg.HealthCheckPath = input.HealthCheckPath;
  if (input.HealthCheckEnabled !== undefined) tg.HealthCheckEnabled = input.HealthCheckEnabled;
  if (input.HealthCheckIntervalSeconds !== undefined) tg.HealthCheckIntervalSeconds = input.HealthCheckIntervalSeconds;
  if (input.HealthCheckTimeoutSeconds !== undefined) tg.HealthCheckTimeoutSeconds = input.HealthCheckTimeoutSeconds;
  if (input.HealthyThresholdCount !== undefined) tg.HealthyThresholdCount = input.HealthyThresholdCount;
  if (input.UnhealthyThresholdCount !== undefined) tg.UnhealthyThresholdCount = input.UnhealthyThresholdCount;
  if (input.Matcher !== undefined) tg.Matcher = input.Matcher;
  if ((tg.HealthCheckTimeoutSeconds ?? 0) >= (tg.HealthCheckIntervalSeconds ?? 0)) throw validationError('Health check interval must be greater than the timeout.');
  s.state.put('tg', tg.TargetGroupArn, { ...rec, tg });
  return { TargetGroups: [view(s, { ...rec, tg })] };
}

export function deleteTargetGroup(s: Elbv2, ctx: RequestContext, input: Api.DeleteTargetGroupInput): Api.DeleteTargetGroupOutput {
  const rec = s.state.tgs.get(input.TargetGroupArn);
  if (!rec || rec.account !== ctx.account || rec.region !== ctx.region) return {};
  if (lbArnsUsing(s, input.TargetGroupArn).length > 0) throw modeledError('ResourceInUseException', `Target group '${input.TargetGroupArn}' is currently in use by a listener or a rule`);
  s.state.remove('tg', input.TargetGroupArn);
  s.plane.reconcile();
  return {};
}

export function describeTargetGroupAttributes(s: Elbv2, ctx: RequestContext, input: Api.DescribeTargetGroupAttributesInput): Api.DescribeTargetGroupAttributesOutput {
  return { Attributes: toList(findTg(s, ctx, input.TargetGroupArn).attributes) };
}

export function modifyTargetGroupAttributes(s: Elbv2, ctx: RequestContext, input: Api.ModifyTargetGroupAttributesInput): Api.ModifyTargetGroupAttributesOutput {
  const rec = findTg(s, ctx, input.TargetGroupArn);
  const next = applyAttributes(rec.attributes, input.Attributes, isNetworkProtocol(rec.tg.Protocol ?? '') ? 'tg-nlb' : 'tg-alb');
  if (next['load_balancing.algorithm.type'] !== undefined && next['load_balancing.algorithm.type'] !== 'round_robin') throw notDone('ModifyTargetGroupAttributes', `load_balancing.algorithm.type ${next['load_balancing.algorithm.type']}`);
  s.state.put('tg', rec.tg.TargetGroupArn, { ...rec, attributes: next });
  s.plane.reconcile();
  return { Attributes: toList(next) };
}
