// Registering and deregistering targets and describing their health. `ip` targets: AWS's ranges, plus kumo's
// extension that 127.0.0.0/8 and ::1 count as outside-VPC addresses (AvailabilityZone then required, as AWS
// requires for addresses outside the VPC) so local servers can be targets. `instance` targets need a process.
import { isIPv4, isIPv6 } from 'node:net';
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing-v2/api.js';
import { modeledError } from '../../generated/elastic-load-balancing-v2/errors.js';
import type { Elbv2 } from './context.js';
import { findTg, lbArnsUsing } from './tg-operations.js';
import type { TargetGroupRecord, TargetRecord } from './records.js';

export function isLoopback(ip: string): boolean {
  return ip === '::1' || (isIPv4(ip) && ip.startsWith('127.'));
}

/** AWS's ip target ranges (RegisterTargets reference): the VPC's subnets, RFC 1918 and 100.64.0.0/10. */
function inAwsRanges(ip: string): boolean {
  const o = ip.split('.').map(Number);
  return o[0] === 10 || (o[0] === 172 && o[1]! >= 16 && o[1]! <= 31) || (o[0] === 192 && o[1] === 168) || (o[0] === 100 && o[1]! >= 64 && o[1]! <= 127);
}

/** The part of EC2's internal API (src/services/ec2/internal-api.ts on branch ec2run) instance targets need. */
interface InstanceLookup {
  instance?(scope: { account: string; region: string }, instanceId: string): { state: string; availabilityZone: string; bindAddress?: string | undefined } | undefined;
}

async function resolveTarget(s: Elbv2, ctx: RequestContext, rec: TargetGroupRecord, t: Api.TargetDescription): Promise<TargetRecord> {
  const port = t.Port ?? rec.tg.Port ?? 0;
  if (port < 1 || port > 65535) throw modeledError('InvalidTargetException', `The following targets have an invalid port: '${t.Id}'`);
  const base = { id: t.Id, port, registeredAt: s.now() };
  if (rec.tg.TargetType === 'ip') {
    if (!isIPv4(t.Id) && !isIPv6(t.Id)) throw modeledError('InvalidTargetException', `The IP address '${t.Id}' is not a valid IPv4 address`);
    if (isLoopback(t.Id)) {
      return { ...base, zone: t.AvailabilityZone ?? 'all', host: t.Id };
    }
    if (!inAwsRanges(t.Id)) throw modeledError('InvalidTargetException', `The IP address '${t.Id}' is not within the allowed ranges for targets of type 'ip'`);
    // A VPC address is data, not a destination: it gets traffic only once an instance process answers for it.
    return { ...base, zone: t.AvailabilityZone ?? 'all', host: '' };
  }
  const ec2 = await s.deps.internal.get<InstanceLookup>('ec2');
  const view = ec2?.instance?.({ account: ctx.account, region: ctx.region }, t.Id);
  if (!view) throw modeledError('InvalidTargetException', `The following targets are not valid instances: '${t.Id}'`);
  // Traffic needs the instance's process (kumo --run-instances): its loopback bind address.
  if (view.state !== 'running' || !view.bindAddress) throw modeledError('InvalidTargetException', `The following targets are not in a running state and cannot be registered: '${t.Id}'`);
  const offset = s.deps.endpoints.portFor(1) - 1;
  return { ...base, zone: view.availabilityZone, host: view.bindAddress, ...(offset > 0 ? { lowPortOffset: offset } : {}) };
}

export async function registerTargets(s: Elbv2, ctx: RequestContext, input: Api.RegisterTargetsInput): Promise<Api.RegisterTargetsOutput> {
  const rec = findTg(s, ctx, input.TargetGroupArn);
  for (const t of input.Targets) {
    if (rec.tg.TargetType === 'ip' && isLoopback(t.Id) && !t.AvailabilityZone) {
      throw modeledError('InvalidTargetException', `The IP address '${t.Id}' is outside the VPC: specify an Availability Zone or 'all'`);
    }
  }
  const resolved = [];
  for (const t of input.Targets) resolved.push(await resolveTarget(s, ctx, rec, t));
  const targets = [...rec.targets];
  for (const t of resolved) {
    const i = targets.findIndex((x) => x.id === t.id && x.port === t.port);
    if (i >= 0 && targets[i]!.drainUntil === undefined) continue; // already registered
    if (i >= 0) targets.splice(i, 1);
    targets.push(t);
    s.health.registered(rec.tg.TargetGroupArn, t);
  }
  s.state.put('tg', rec.tg.TargetGroupArn, { ...rec, targets });
  s.plane.reconcile();
  return {};
}

export function deregisterTargets(s: Elbv2, ctx: RequestContext, input: Api.DeregisterTargetsInput): Api.DeregisterTargetsOutput {
  const rec = findTg(s, ctx, input.TargetGroupArn);
  const delay = Number(rec.attributes['deregistration_delay.timeout_seconds'] ?? '300');
  const inUse = lbArnsUsing(s, rec.tg.TargetGroupArn).length > 0;
  const targets: TargetRecord[] = [];
  for (const t of rec.targets) {
    const hit = input.Targets.some((d) => d.Id === t.id && (d.Port ?? rec.tg.Port) === t.port);
    if (!hit) targets.push(t);
    else if (inUse && delay > 0) targets.push({ ...t, drainUntil: t.drainUntil ?? s.now() + delay * 1000 * s.deps.config.elbTimeScale });
    else s.health.forget(rec.tg.TargetGroupArn, t);
  }
  // Deregistering a target that is not registered succeeds (DeregisterTargets reference).
  s.state.put('tg', rec.tg.TargetGroupArn, { ...rec, targets });
  s.plane.reconcile();
  return {};
}

export function describeTargetHealth(s: Elbv2, ctx: RequestContext, input: Api.DescribeTargetHealthInput): Api.DescribeTargetHealthOutput {
  const rec = findTg(s, ctx, input.TargetGroupArn);
  const inUse = lbArnsUsing(s, rec.tg.TargetGroupArn).length > 0;
  const out: Api.TargetHealthDescription[] = [];
  const describe = (t: TargetRecord): Api.TargetHealthDescription => ({
    Target: { Id: t.id, Port: t.port, ...(rec.tg.TargetType === 'ip' && (isLoopback(t.id) || t.zone === 'all') ? { AvailabilityZone: t.zone } : {}) },
    HealthCheckPort: rec.tg.HealthCheckPort === 'traffic-port' || !rec.tg.HealthCheckPort ? String(t.port) : rec.tg.HealthCheckPort,
    TargetHealth: s.health.describe(rec, t, inUse),
  });
  if (input.Targets?.length) {
    for (const want of input.Targets) {
      const t = rec.targets.find((x) => x.id === want.Id && (want.Port === undefined || x.port === want.Port));
      if (t) out.push(describe(t));
      else {
        out.push({
          Target: { Id: want.Id, ...(want.Port !== undefined ? { Port: want.Port } : {}) },
          TargetHealth: { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' },
        });
      }
    }
  } else for (const t of rec.targets) out.push(describe(t));
  return { TargetHealthDescriptions: out };
}
