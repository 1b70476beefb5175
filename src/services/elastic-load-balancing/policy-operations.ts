// CLB policies: create (generic, LB cookie, application cookie), delete, describe, and attach to a listener or a
// backend port. Types kumo enforces: ProxyProtocol (TCP/SSL backends), cookie stickiness (HTTP/HTTPS listeners),
// SSL negotiation (HTTPS/SSL listeners), backend authentication by public key (HTTPS/SSL instance ports).
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing/api.js';
import { modeledError } from '../../generated/elastic-load-balancing/errors.js';
import type { Clb } from './context.js';
import { clone, findLb, notDone } from './lb-operations.js';
import { layer, validationError } from './names.js';
import { APP_COOKIE, attributeNames, BACKEND_AUTH, LB_COOKIE, POLICY_TYPES, PROXY_PROTOCOL, PUBLIC_KEY, requiredAttributes, SSL_NEGOTIATION, UNENFORCED_TYPES } from './policy-types.js';
import { normalizeKey } from './backend-auth.js';
import { negotiationOf } from './ssl-negotiation.js';
import type { ClbRecord } from './records.js';

function addPolicy(s: Clb, ctx: RequestContext, lbName: string, name: string, type: string, attributes: Api.PolicyAttribute[], operation: string): void {
  const rec = clone(findLb(s, ctx, lbName));
  const allowed = attributeNames(type);
  if (!allowed) throw modeledError('PolicyTypeNotFoundException', `One or more of the specified policy types do not exist: ${type}`);
  if (UNENFORCED_TYPES.has(type)) throw notDone(operation, `${type} policies`);
  if (rec.policies.some((p) => p.name === name)) throw modeledError('DuplicatePolicyNameException', `Policy with the same name '${name}' exists for load balancer '${rec.name}'`);
  for (const a of attributes) {
    if (!allowed.has(a.AttributeName ?? '')) throw modeledError('InvalidConfigurationRequestException', `Attribute '${a.AttributeName}' is not valid for policy type ${type}`);
  }
  for (const need of requiredAttributes(type)) {
    if (!attributes.some((a) => a.AttributeName === need)) throw modeledError('InvalidConfigurationRequestException', `Policy type ${type} requires the attribute '${need}'`);
  }
  if (type === SSL_NEGOTIATION) {
    if (attributes.some((a) => a.AttributeName === 'Protocol-SSLv3' && a.AttributeValue?.toLowerCase() === 'true')) throw notDone(operation, 'SSLv3 in SSL negotiation policies');
    const n = negotiationOf(attributes);
    if (typeof n === 'string') throw modeledError('InvalidConfigurationRequestException', n);
  }
  if (type === PUBLIC_KEY && !normalizeKey(attributes.find((a) => a.AttributeName === 'PublicKey')?.AttributeValue ?? '')) {
    throw modeledError('InvalidConfigurationRequestException', 'PublicKey must be a public key (base64 DER or PEM)');
  }
  if (type === BACKEND_AUTH) {
    for (const a of attributes.filter((x) => x.AttributeName === 'PublicKeyPolicyName')) {
      const p = rec.policies.find((x) => x.name === a.AttributeValue);
      if (!p || p.type !== PUBLIC_KEY) throw modeledError('PolicyNotFoundException', `There is no PublicKeyPolicyType policy with name ${a.AttributeValue} for load balancer ${rec.name}`);
    }
  }
  if (type === PROXY_PROTOCOL && !['true', 'false'].includes((attributes.find((a) => a.AttributeName === 'ProxyProtocol')?.AttributeValue ?? '').toLowerCase())) {
    throw modeledError('InvalidConfigurationRequestException', 'ProxyProtocol must be true or false');
  }
  rec.policies.push({ name, type, attributes: attributes.map((a) => ({ AttributeName: a.AttributeName ?? '', AttributeValue: a.AttributeValue ?? '' })) });
  s.state.put(rec);
}

export function createLoadBalancerPolicy(s: Clb, ctx: RequestContext, input: Api.CreateLoadBalancerPolicyInput): Api.CreateLoadBalancerPolicyOutput {
  addPolicy(s, ctx, input.LoadBalancerName, input.PolicyName, input.PolicyTypeName, input.PolicyAttributes ?? [], 'CreateLoadBalancerPolicy');
  return {};
}

export function createLBCookieStickinessPolicy(s: Clb, ctx: RequestContext, input: Api.CreateLBCookieStickinessPolicyInput): Api.CreateLBCookieStickinessPolicyOutput {
  const period = input.CookieExpirationPeriod;
  if (period !== undefined && period < 0) throw validationError('CookieExpirationPeriod must not be negative');
  addPolicy(s, ctx, input.LoadBalancerName, input.PolicyName, LB_COOKIE, period !== undefined ? [{ AttributeName: 'CookieExpirationPeriod', AttributeValue: String(period) }] : [], 'CreateLBCookieStickinessPolicy');
  return {};
}

export function createAppCookieStickinessPolicy(s: Clb, ctx: RequestContext, input: Api.CreateAppCookieStickinessPolicyInput): Api.CreateAppCookieStickinessPolicyOutput {
  addPolicy(s, ctx, input.LoadBalancerName, input.PolicyName, APP_COOKIE, [{ AttributeName: 'CookieName', AttributeValue: input.CookieName }], 'CreateAppCookieStickinessPolicy');
  return {};
}

function inUse(rec: ClbRecord, name: string): boolean {
  return rec.listeners.some((l) => l.policyNames.includes(name)) || Object.values(rec.backendPolicies).some((n) => n.includes(name));
}

/** A policy in use cannot be deleted; an unknown one is not an error (DeleteLoadBalancerPolicy reference lists none). */
export function deleteLoadBalancerPolicy(s: Clb, ctx: RequestContext, input: Api.DeleteLoadBalancerPolicyInput): Api.DeleteLoadBalancerPolicyOutput {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  if (inUse(rec, input.PolicyName)) throw modeledError('InvalidConfigurationRequestException', `Cannot delete policy '${input.PolicyName}': it is in use by a listener or a back-end server`);
  rec.policies = rec.policies.filter((p) => p.name !== input.PolicyName);
  s.state.put(rec);
  return {};
}

export function describeLoadBalancerPolicies(s: Clb, ctx: RequestContext, input: Api.DescribeLoadBalancerPoliciesInput): Api.DescribeLoadBalancerPoliciesOutput {
  // Without a load balancer AWS lists its predefined SSL negotiation policies, which kumo does not carry.
  if (!input.LoadBalancerName) throw notDone('DescribeLoadBalancerPolicies', 'the predefined SSL negotiation policies');
  const rec = findLb(s, ctx, input.LoadBalancerName);
  const names = input.PolicyNames ?? [];
  for (const n of names) if (!rec.policies.some((p) => p.name === n)) throw modeledError('PolicyNotFoundException', `There is no policy with name ${n} for load balancer ${rec.name}`);
  const list = names.length ? rec.policies.filter((p) => names.includes(p.name)) : rec.policies;
  return { PolicyDescriptions: list.map((p) => ({ PolicyName: p.name, PolicyTypeName: p.type, PolicyAttributeDescriptions: p.attributes })) };
}

export function describeLoadBalancerPolicyTypes(_s: Clb, _ctx: RequestContext, input: Api.DescribeLoadBalancerPolicyTypesInput): Api.DescribeLoadBalancerPolicyTypesOutput {
  const names = input.PolicyTypeNames ?? [];
  for (const n of names) if (!POLICY_TYPES.some((t) => t.PolicyTypeName === n)) throw modeledError('PolicyTypeNotFoundException', `One or more of the specified policy types do not exist: ${n}`);
  return { PolicyTypeDescriptions: names.length ? POLICY_TYPES.filter((t) => names.includes(t.PolicyTypeName ?? '')) : [...POLICY_TYPES] };
}

function policiesNamed(rec: ClbRecord, names: string[]): Array<{ name: string; type: string }> {
  return names.map((n) => {
    const p = rec.policies.find((x) => x.name === n);
    if (!p) throw modeledError('PolicyNotFoundException', `There is no policy with name ${n} for load balancer ${rec.name}`);
    return p;
  });
}

/** Replaces the listener's policies (an empty list removes them). Cookie stickiness needs an HTTP/HTTPS listener. */
export function setLoadBalancerPoliciesOfListener(s: Clb, ctx: RequestContext, input: Api.SetLoadBalancerPoliciesOfListenerInput): Api.SetLoadBalancerPoliciesOfListenerOutput {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const l = rec.listeners.find((x) => x.listener.LoadBalancerPort === input.LoadBalancerPort);
  if (!l) throw modeledError('ListenerNotFoundException', `There is no listener on port ${input.LoadBalancerPort} for load balancer '${rec.name}'`);
  const policies = policiesNamed(rec, input.PolicyNames);
  const sticky = policies.filter((p) => p.type === LB_COOKIE || p.type === APP_COOKIE);
  if (sticky.length > 0 && layer(l.listener.Protocol) !== 7) throw modeledError('InvalidConfigurationRequestException', `Stickiness policies can be associated only with HTTP/HTTPS listeners`);
  if (sticky.length > 1) throw modeledError('InvalidConfigurationRequestException', 'A listener can have only one stickiness policy');
  // SSL negotiation: "This policy can be associated only with HTTPS/SSL listeners" (its type description); one each.
  const ssl = policies.filter((p) => p.type === SSL_NEGOTIATION);
  if (ssl.length > 0 && l.listener.Protocol !== 'HTTPS' && l.listener.Protocol !== 'SSL') throw modeledError('InvalidConfigurationRequestException', 'SSL negotiation policies can be associated only with HTTPS/SSL listeners');
  if (ssl.length > 1) throw modeledError('InvalidConfigurationRequestException', 'A listener can have only one SSL negotiation policy');
  const other = policies.find((p) => p.type !== LB_COOKIE && p.type !== APP_COOKIE && p.type !== SSL_NEGOTIATION);
  if (other) throw modeledError('InvalidConfigurationRequestException', `Policy '${other.name}' of type ${other.type} cannot be associated with a listener`);
  l.policyNames = [...input.PolicyNames];
  s.state.put(rec);
  return {};
}

/** Replaces the policies of a backend port (an empty list removes them): ProxyProtocolPolicyType here. */
export function setLoadBalancerPoliciesForBackendServer(s: Clb, ctx: RequestContext, input: Api.SetLoadBalancerPoliciesForBackendServerInput): Api.SetLoadBalancerPoliciesForBackendServerOutput {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const policies = policiesNamed(rec, input.PolicyNames);
  // PublicKeyPolicyType "cannot be applied directly to back-end servers" (its type description).
  const wrong = policies.find((p) => p.type !== PROXY_PROTOCOL && p.type !== BACKEND_AUTH);
  if (wrong) throw modeledError('InvalidConfigurationRequestException', `Policy '${wrong.name}' of type ${wrong.type} cannot be associated with a back-end server`);
  if (input.PolicyNames.length === 0) delete rec.backendPolicies[String(input.InstancePort)];
  else rec.backendPolicies[String(input.InstancePort)] = [...input.PolicyNames];
  s.state.put(rec);
  return {};
}
