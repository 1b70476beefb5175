// Instance metadata options (IMDS): the values RunInstances stores and ModifyInstanceMetadataOptions changes, with the
// API's ranges (hop limit 1–64) checked the same way on both paths; the instance's IMDS reads them live.
//
// The hop limit is stored and answered exactly, and it never refuses a caller in the process world: an instance's
// processes share the host's network stack and reach its IMDS on loopback with zero router hops, so every caller is
// within any limit of 1 or more, as a process on an EC2 instance is. A caller further away (a container on a bridge
// network behind a hop) does not exist here. Node also cannot set a TCP socket's IP TTL, and loopback would not
// decrement it. Source: EC2 User Guide, "Configure the instance metadata options" (hop limit 1–64, default 2 for
// IMDSv2-only AMIs).
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, require, scopeOf } from './context.js';
import { ec2Error } from './errors.js';
import type { InstanceRecord } from './records.js';
import { currentState } from './instance-state.js';

type Options = api.InstanceMetadataOptionsResponse;
type Changes = Pick<api.InstanceMetadataOptionsRequest, 'HttpTokens' | 'HttpPutResponseHopLimit' | 'HttpEndpoint' | 'HttpProtocolIpv6' | 'InstanceMetadataTags'>;

const ALLOWED: Record<Exclude<keyof Changes, 'HttpPutResponseHopLimit'>, readonly string[]> = {
  HttpTokens: ['optional', 'required'],
  HttpEndpoint: ['enabled', 'disabled'],
  HttpProtocolIpv6: ['enabled', 'disabled'],
  InstanceMetadataTags: ['enabled', 'disabled'],
};

/** Refuses values outside the API's ranges: enum members and a hop limit of 1–64. */
function validate(changes: Changes): void {
  for (const [key, allowed] of Object.entries(ALLOWED) as [keyof typeof ALLOWED, readonly string[]][]) {
    const v = changes[key];
    if (v !== undefined && !allowed.includes(v)) throw ec2Error('InvalidParameterValue', `Value (${v}) for parameter ${key} is invalid. Valid values are: ${allowed.join(', ')}.`);
  }
  const hops = changes.HttpPutResponseHopLimit;
  if (hops !== undefined && (!Number.isInteger(hops) || hops < 1 || hops > 64)) {
    throw ec2Error('InvalidParameterValue', `The HttpPutResponseHopLimit '${hops}' is invalid. Specify a value from 1 to 64.`);
  }
}

/** The options a new instance gets: the request's, else AWS's defaults for an IMDSv2-only AMI. */
export function launchMetadataOptions(requested: Changes | undefined): Options {
  validate(requested ?? {});
  return {
    State: 'applied',
    HttpTokens: requested?.HttpTokens ?? 'required',
    HttpPutResponseHopLimit: requested?.HttpPutResponseHopLimit ?? 2,
    HttpEndpoint: requested?.HttpEndpoint ?? 'enabled',
    HttpProtocolIpv6: requested?.HttpProtocolIpv6 ?? 'disabled',
    InstanceMetadataTags: requested?.InstanceMetadataTags ?? 'disabled',
  };
}

/**
 * ModifyInstanceMetadataOptions: options not given keep their values. The answer says "pending" as AWS's does; the
 * instance's IMDS applies the new values to the next request, so Describe shows them "applied".
 */
export function modifyInstanceMetadataOptions(ec2: Ec2Context, ctx: RequestContext, input: api.ModifyInstanceMetadataOptionsRequest): api.ModifyInstanceMetadataOptionsResult {
  const scope = scopeOf(ctx);
  validate(input);
  return ec2.store.write((uow) => {
    const i = require<InstanceRecord>(uow, scope, 'instance', input.InstanceId, 'i');
    const state = currentState(i, ec2.clock.now());
    if (state === 'terminated' || state === 'shutting-down') {
      throw ec2Error('IncorrectInstanceState', `The instance '${i.InstanceId!}' is not in a state from which its metadata options can be modified.`);
    }
    const before = i.MetadataOptions ?? launchMetadataOptions(undefined);
    const options: Options = {
      ...before,
      State: 'applied',
      ...(input.HttpTokens !== undefined ? { HttpTokens: input.HttpTokens } : {}),
      ...(input.HttpPutResponseHopLimit !== undefined ? { HttpPutResponseHopLimit: input.HttpPutResponseHopLimit } : {}),
      ...(input.HttpEndpoint !== undefined ? { HttpEndpoint: input.HttpEndpoint } : {}),
      ...(input.HttpProtocolIpv6 !== undefined ? { HttpProtocolIpv6: input.HttpProtocolIpv6 } : {}),
      ...(input.InstanceMetadataTags !== undefined ? { InstanceMetadataTags: input.InstanceMetadataTags } : {}),
    };
    uow.put(scope, 'instance', i.InstanceId!, { ...i, MetadataOptions: options });
    return { InstanceId: i.InstanceId!, InstanceMetadataOptions: { ...options, State: 'pending' } };
  });
}
