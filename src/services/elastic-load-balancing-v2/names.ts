// elbv2 naming rules: load balancer and target group names, ARNs, DNS names in AWS's shapes, and the per-region
// CanonicalHostedZoneId (AWS General Reference, "Elastic Load Balancing endpoints and quotas").
import { randomBytes, randomInt } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

/** Names: 1–32 alphanumerics or hyphens, no hyphen at either end; load balancers may not start with `internal-`
 *  (CreateLoadBalancer / CreateTargetGroup API reference, Name). */
export function checkName(name: string, what: 'load balancer' | 'target group'): void {
  if (name.length > 32) throw validationError(`The ${what} name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw validationError(`The ${what} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw validationError(`The ${what} name '${name}' cannot begin or end with a hyphen`);
  if (what === 'load balancer' && name.startsWith('internal-')) throw validationError(`The load balancer name '${name}' cannot begin with 'internal-'`);
}

export function hexId(): string {
  return randomBytes(8).toString('hex');
}

export function lbArn(account: string, region: string, type: 'application' | 'network', name: string, id: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${id}`;
}

export function targetGroupArn(account: string, region: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${hexId()}`;
}

/** `…:loadbalancer/app/n/id` → `…:listener/app/n/id/<hex>`. */
export function listenerArn(lbArnValue: string): string {
  return `${lbArnValue.replace(':loadbalancer/', ':listener/')}/${hexId()}`;
}

export function ruleArn(listenerArnValue: string): string {
  return `${listenerArnValue.replace(':listener/', ':listener-rule/')}/${hexId()}`;
}

/** ALB: `name-1234567890.region.elb.amazonaws.com` (`internal-` for internal); NLB: `name-<16 hex>.elb.region.amazonaws.com`. */
export function dnsName(type: 'application' | 'network', scheme: string, name: string, region: string, id: string): string {
  const prefix = scheme === 'internal' ? 'internal-' : '';
  if (type === 'network') return `${prefix}${name}-${id}.elb.${region}.amazonaws.com`;
  return `${prefix}${name}-${randomInt(1_000_000_000, 2_147_483_647)}.${region}.elb.amazonaws.com`;
}

// ALB/CLB and NLB hosted zones per region (AWS General Reference, ELB endpoints).
const ALB_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z35SXDOTRQ7X7K', 'us-east-2': 'Z3AADJGX6KTTL2', 'us-west-1': 'Z368ELLRRE2KJ0', 'us-west-2': 'Z1H1FL5HABSF5',
  'ca-central-1': 'ZQSVJUPU6J1EY', 'eu-west-1': 'Z32O12XQLNTSW2', 'eu-west-2': 'ZHURV8PSTC4K8', 'eu-west-3': 'Z3Q77PNBQS71R4',
  'eu-central-1': 'Z215JYRZR1TBD5', 'eu-north-1': 'Z23TAJ7KPRZJGD', 'ap-northeast-1': 'Z14GRHDCWA56QT', 'ap-northeast-2': 'ZWKZPGTI48KDX',
  'ap-southeast-1': 'Z1LMS91P8CMLE5', 'ap-southeast-2': 'Z1GM3OXH4ZPM65', 'ap-south-1': 'ZP97RAFLXTNZK', 'sa-east-1': 'Z2P70J7HTTTPLU',
};
const NLB_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z26RNL4JYFTOTI', 'us-east-2': 'ZLMOA37VPKANP', 'us-west-1': 'Z24FKFUX50B4VW', 'us-west-2': 'Z18D5FSROUN65G',
  'ca-central-1': 'Z2EPGBW3API2WT', 'eu-west-1': 'Z2IFOLAFXWLO4F', 'eu-west-2': 'ZD4D7Y8KGAS4G', 'eu-west-3': 'Z1CMS0P5QUZ6D5',
  'eu-central-1': 'Z3F0SRJ5LGBH90', 'eu-north-1': 'Z1UDT6IFJ4EJM', 'ap-northeast-1': 'Z31USIVHYNEOWT', 'ap-northeast-2': 'ZIBE1TIR4HY56',
  'ap-southeast-1': 'ZKVM4W9LS7TM', 'ap-southeast-2': 'ZCT6FZBF4DROD', 'ap-south-1': 'ZVDDRBQ08TROA', 'sa-east-1': 'ZTK26PT1VY4CU',
};

export function canonicalHostedZoneId(type: 'application' | 'network', region: string): string {
  return (type === 'network' ? NLB_ZONES : ALB_ZONES)[region] ?? (type === 'network' ? NLB_ZONES['us-east-1']! : ALB_ZONES['us-east-1']!);
}

/** The DNS suffix of the names in an ELB hosted zone (`us-east-1.elb.amazonaws.com` for ALB/CLB, `elb.us-east-1.amazonaws.com` for NLB). */
export function elbZoneSuffix(hostedZoneId: string): string | undefined {
  for (const [region, id] of Object.entries(ALB_ZONES)) if (id === hostedZoneId) return `${region}.elb.amazonaws.com`;
  for (const [region, id] of Object.entries(NLB_ZONES)) if (id === hostedZoneId) return `elb.${region}.amazonaws.com`;
  return undefined;
}
