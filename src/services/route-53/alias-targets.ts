// Route 53's checks on alias targets in a change batch: the target must lie in the hosted zone its HostedZoneId
// names (this zone, or a service's zone: ELB's, CloudFront's, S3 website endpoints') and must exist there.
import { CLOUDFRONT_HOSTED_ZONE_ID, type ServiceNameRegistry } from '../../net/dns/service-names.js';
import type { Change } from './change-batch.js';
import { storedName, type ResourceRecordSet } from './record-sets.js';

function lowerNoDot(name: string): string {
  return storedName(name).replace(/\.$/, '');
}

/**
 * One message per broken rule, worded as Route 53 words them ("Tried to create an alias that targets
 * x.elb.amazonaws.com., type A in zone Z35SXDOTRQ7X7K, but the alias target name does not lie within the target
 * zone" / "…, but that target was not found", quoted from Route 53's InvalidChangeBatch answers). Alias targets in
 * zones kumo knows nothing of (API Gateway, VPC endpoints, other accounts' zones) are not checked.
 */
export function aliasProblems(
  zone: { id: string; name: string },
  changes: readonly Change[],
  next: readonly ResourceRecordSet[],
  names: ServiceNameRegistry,
): string[] {
  const problems: string[] = [];
  for (const { Action, ResourceRecordSet: r } of changes) {
    const alias = r.AliasTarget;
    if (!alias || Action === 'DELETE') continue;
    const target = lowerNoDot(alias.DNSName);
    const hostedZoneId = alias.HostedZoneId.replace(/^\/?hostedzone\//, '');
    const prefix = `Tried to create an alias that targets ${storedName(alias.DNSName)}, type ${r.Type} in zone ${hostedZoneId}`;
    if (hostedZoneId === zone.id) {
      const apex = lowerNoDot(zone.name);
      if (target !== apex && !target.endsWith('.' + apex)) problems.push(`${prefix}, but the alias target name does not lie within the target zone`);
      else if (!next.some((o) => lowerNoDot(o.Name) === target && o.Type === r.Type)) problems.push(`${prefix}, but that target was not found`);
      continue;
    }
    const found = names.check(hostedZoneId, target);
    if (found === 'outside') problems.push(`${prefix}, but the alias target name does not lie within the target zone`);
    else if (found === 'missing') problems.push(`${prefix}, but that target was not found`);
    // AliasTarget reference: "You can't set EvaluateTargetHealth to true when the alias target is a CloudFront
    // distribution." No recording of the wording exists; this message is kumo's own.
    if (hostedZoneId === CLOUDFRONT_HOSTED_ZONE_ID && alias.EvaluateTargetHealth) problems.push(`${prefix}, but EvaluateTargetHealth cannot be true for a CloudFront distribution`);
  }
  return problems;
}
