// Policy documents: parsing into a normal form (every element a list) and IAM's validation with AWS's
// MalformedPolicyDocument messages (aws-recordings/iam "This policy contains invalid Json"; the others as IAM answers them).
import { AwsError } from '../core/aws-error.js';
import { parseOperator } from './conditions.js';

/** identity: user/group/role/managed policies, boundaries and session policies; trust: a role's AssumeRolePolicyDocument;
 *  resource: bucket, queue and other resource policies. */
export type PolicyKind = 'identity' | 'trust' | 'resource';

export interface PrincipalBlock {
  /** "*" as the whole Principal element. */
  any: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface Statement {
  sid: string | undefined;
  effect: 'Allow' | 'Deny';
  action: string[] | undefined;
  notAction: string[] | undefined;
  resource: string[] | undefined;
  notResource: string[] | undefined;
  principal: PrincipalBlock | undefined;
  notPrincipal: PrincipalBlock | undefined;
  /** operator → key → values */
  condition: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  version: string | undefined;
  id: string | undefined;
  statements: Statement[];
}

export function malformedPolicy(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, { status: 400 });
}

const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);

class Syntax extends Error {}
function check(ok: unknown): asserts ok {
  if (!ok) throw new Syntax();
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  check(Array.isArray(value) && value.every((v) => typeof v === 'string'));
  return value;
}

function principalBlock(value: unknown): PrincipalBlock | undefined {
  if (value === undefined) return undefined;
  const block: PrincipalBlock = { any: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (value === '*') return { ...block, any: true };
  check(typeof value === 'object' && value !== null && !Array.isArray(value));
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const list = stringList(v);
    check(list);
    if (k === 'AWS') block.aws.push(...list);
    else if (k === 'Service') block.service.push(...list);
    else if (k === 'Federated') block.federated.push(...list);
    else if (k === 'CanonicalUser') block.canonicalUser.push(...list);
    else throw new Syntax();
  }
  return block;
}

function conditionBlock(value: unknown): Statement['condition'] {
  if (value === undefined) return {};
  check(typeof value === 'object' && value !== null && !Array.isArray(value));
  const out: Statement['condition'] = {};
  for (const [operator, keys] of Object.entries(value as Record<string, unknown>)) {
    check(typeof keys === 'object' && keys !== null && !Array.isArray(keys));
    const byKey: Record<string, string[]> = {};
    for (const [key, v] of Object.entries(keys as Record<string, unknown>)) {
      // Condition values may be strings, numbers or booleans in JSON; IAM compares their text.
      const list = Array.isArray(v) ? v : [v];
      check(list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean'));
      byKey[key] = list.map((x) => String(x));
    }
    out[operator] = byKey;
  }
  return out;
}

function statementOf(raw: unknown): Statement {
  check(typeof raw === 'object' && raw !== null && !Array.isArray(raw));
  const s = raw as Record<string, unknown>;
  for (const k of Object.keys(s)) check(STATEMENT.has(k));
  check(!('Action' in s && 'NotAction' in s));
  check(!('Resource' in s && 'NotResource' in s));
  check(!('Principal' in s && 'NotPrincipal' in s));
  check(typeof s.Effect === 'string');
  check(s.Sid === undefined || typeof s.Sid === 'string');
  return {
    sid: s.Sid,
    effect: s.Effect as 'Allow' | 'Deny',
    action: stringList(s.Action),
    notAction: stringList(s.NotAction),
    resource: stringList(s.Resource),
    notResource: stringList(s.NotResource),
    principal: principalBlock(s.Principal),
    notPrincipal: principalBlock(s.NotPrincipal),
    condition: conditionBlock(s.Condition),
  };
}

/** Parses without IAM's semantic checks (resource policies stored by S3 and SQS go through here). */
export function parsePolicy(text: string | object): PolicyDocument {
  let json: unknown;
  if (typeof text === 'string') {
    try {
      json = JSON.parse(text);
    } catch {
      throw malformedPolicy('This policy contains invalid Json');
    }
  } else json = text;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw malformedPolicy('This policy contains invalid Json');
  try {
    const doc = json as Record<string, unknown>;
    for (const k of Object.keys(doc)) check(TOP.has(k));
    check(doc.Version === undefined || doc.Version === '2012-10-17' || doc.Version === '2008-10-17');
    check(doc.Id === undefined || typeof doc.Id === 'string');
    const raw = doc.Statement;
    check(raw !== undefined);
    const list = Array.isArray(raw) ? raw : [raw];
    check(list.length > 0);
    return { version: doc.Version, id: doc.Id, statements: list.map(statementOf) };
  } catch (e) {
    if (e instanceof Syntax) throw malformedPolicy('Syntax errors in policy.');
    throw e;
  }
}

function checkAction(action: string): void {
  if (action === '*') return;
  const parts = action.split(':');
  if (parts.length === 1) throw malformedPolicy('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  if (parts.length > 2) throw malformedPolicy('Actions/Condition can contain only one colon.');
  const vendor = parts[0] ?? '';
  if (/[^a-zA-Z0-9\-.]/.test(vendor)) throw malformedPolicy(`Vendor ${vendor} is not valid`);
}

function checkResource(resource: string): void {
  if (resource === '*') return;
  if (!resource.includes(':')) throw malformedPolicy(`Resource ${resource} must be in ARN format or "*".`);
  const parts = resource.split(':');
  if (parts[0] === 'arn' && parts.length >= 3 && /[*?]/.test(parts[2] ?? '')) {
    throw malformedPolicy('Resource vendor must be fully qualified and cannot contain regexes.');
  }
}

/**
 * Parses and validates a document as IAM does for CreatePolicy, Put*Policy, CreateRole and UpdateAssumeRolePolicy;
 * throws MalformedPolicyDocument with IAM's message for the first problem found, in IAM's order of checks.
 */
export function validatePolicy(text: string, kind: PolicyKind): PolicyDocument {
  const doc = parsePolicy(text);
  if (kind === 'identity' && doc.version !== '2012-10-17') throw malformedPolicy('Policy document must be version 2012-10-17 or greater.');
  for (const s of doc.statements) {
    // IAM's legacy parser is case-sensitive about Effect and knows every condition operator.
    if (s.effect !== 'Allow' && s.effect !== 'Deny') throw malformedPolicy('The policy failed legacy parsing');
    for (const op of Object.keys(s.condition)) if (!parseOperator(op)) throw malformedPolicy(`Invalid Condition type : ${op}.`);
  }
  const sids = new Set<string>();
  for (const s of doc.statements) {
    if (!s.sid) continue;
    if (sids.has(s.sid)) throw malformedPolicy('Statement IDs (SID) in a single policy must be unique.');
    sids.add(s.sid);
  }
  for (const s of doc.statements) {
    const actions = s.action ?? s.notAction;
    if (!actions || actions.length === 0) throw malformedPolicy('Policy statement must contain actions.');
  }
  for (const s of doc.statements) {
    if (kind === 'identity' && (s.principal || s.notPrincipal)) throw malformedPolicy('Policy document should not specify a principal.');
    if (kind === 'trust') {
      if (s.resource || s.notResource) throw malformedPolicy('Has prohibited field Resource');
      if (!s.principal && !s.notPrincipal) throw malformedPolicy('Missing required field Principal');
      continue;
    }
    const resources = s.resource ?? s.notResource;
    if (!resources || resources.length === 0) throw malformedPolicy('Policy statement must contain resources.');
    for (const r of resources) checkResource(r);
  }
  for (const s of doc.statements) for (const a of s.action ?? s.notAction ?? []) checkAction(a);
  return doc;
}
