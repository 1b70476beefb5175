// ChangeResourceRecordSets' rules: a batch of CREATE/DELETE/UPSERT applied in order to a copy of the zone, all
// or nothing, collecting InvalidChangeBatch messages worded as Route 53 words them (quoted from its responses).
import { compareRecordSets, policyWord, recordKey, storedName, type ResourceRecordSet } from './record-sets.js';

export interface Change {
  Action: 'CREATE' | 'DELETE' | 'UPSERT';
  ResourceRecordSet: ResourceRecordSet;
}

export class InvalidChangeBatchError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`);
  }
}

/** `[name='www.example.com.', type='A']` or with `, set-identifier='x'`, as Route 53 names a record set. */
function describe(r: ResourceRecordSet): string {
  const id = r.SetIdentifier !== undefined ? `, set-identifier='${r.SetIdentifier}'` : '';
  return `[name='${storedName(r.Name)}', type='${r.Type}'${id}]`;
}

function sameValues(a: ResourceRecordSet, b: ResourceRecordSet): boolean {
  const strip = (r: ResourceRecordSet) =>
    JSON.stringify({
      ...r,
      Name: storedName(r.Name),
      ResourceRecords: (r.ResourceRecords ?? []).map((v) => v.Value),
      AliasTarget: r.AliasTarget ? { ...r.AliasTarget, DNSName: storedName(r.AliasTarget.DNSName) } : undefined,
    });
  return strip(a) === strip(b);
}

/**
 * Applies `changes` to `current` (the zone's record sets) and returns the new list in Route 53 order, or throws
 * InvalidChangeBatchError with one message per rule broken. Nothing is applied when any change is invalid.
 */
export function applyChangeBatch(zoneName: string, current: readonly ResourceRecordSet[], changes: readonly Change[]): ResourceRecordSet[] {
  const zone = storedName(zoneName);
  const sets = new Map<string, ResourceRecordSet>();
  for (const r of current) sets.set(recordKey(r), r);
  const messages: string[] = [];
  const seen = new Set<string>();
  for (const { Action, ResourceRecordSet: input } of changes) {
    const r: ResourceRecordSet = { ...input, Name: storedName(input.Name) };
    const key = recordKey(r);
    if (seen.has(`${Action}|${key}`)) {
      messages.push(`The request contains an invalid set of changes for a resource record set '${r.Type} ${r.Name}'`);
      continue;
    }
    seen.add(`${Action}|${key}`);
    if (r.Name !== zone && !r.Name.endsWith('.' + zone)) {
      messages.push(`RRSet with DNS name ${r.Name} is not permitted in zone ${zone}`);
      continue;
    }
    const existing = sets.get(key);
    if (Action === 'DELETE') {
      if (!existing) messages.push(`Tried to delete resource record set ${describe(r)} but it was not found`);
      else if (!sameValues(existing, r)) messages.push(`Tried to delete resource record set ${describe(r)} but the values provided do not match the current values`);
      else if (r.Name === zone && r.Type === 'SOA') messages.push('A HostedZone must contain exactly one SOA record.');
      else if (r.Name === zone && r.Type === 'NS') messages.push('A HostedZone must contain at least one NS record for the zone itself.');
      else sets.delete(key);
      continue;
    }
    if (Action === 'CREATE' && existing) {
      messages.push(`Tried to create resource record set ${describe(r)} but it already exists`);
      continue;
    }
    const problem = conflict(zone, r, [...sets.values()].filter((o) => o.Name === r.Name && recordKey(o) !== key));
    if (problem) {
      messages.push(problem);
      continue;
    }
    sets.set(key, r);
  }
  if (messages.length > 0) throw new InvalidChangeBatchError(messages);
  return [...sets.values()].sort(compareRecordSets);
}

/** The rule a new or replaced record set breaks against the other sets of its name, if any. */
function conflict(zone: string, r: ResourceRecordSet, others: ResourceRecordSet[]): string | undefined {
  if (r.Type === 'CNAME' && r.Name === zone) return `RRSet of type CNAME with DNS name ${r.Name} is not permitted at apex in zone ${zone}`;
  if (r.Type === 'CNAME' && others.some((o) => o.Type !== 'CNAME')) {
    return `RRSet of type CNAME with DNS name ${r.Name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone}`;
  }
  if (r.Type !== 'CNAME' && others.some((o) => o.Type === 'CNAME')) {
    return `RRSet of type ${r.Type} with DNS name ${r.Name} is not permitted because a conflicting RRSet of type  CNAME with the same DNS name already exists in zone ${zone}`;
  }
  const sameType = others.filter((o) => o.Type === r.Type);
  if (sameType.length === 0) return undefined;
  const mine = policyWord(r);
  if (mine === undefined) return `RRSet with DNS name ${r.Name}, type ${r.Type} cannot be created as ${policyWord(sameType[0]!) ?? 'other'} sets exist with the same name and type.`;
  const other = sameType.find((o) => policyWord(o) !== mine);
  if (other) return `RRSet with DNS name ${r.Name}, type ${r.Type}, SetIdentifier ${r.SetIdentifier ?? ''} cannot be created as a non-${mine} set exists with the same name and type.`;
  return undefined;
}
