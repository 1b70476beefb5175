// Put/Get/DeleteResourcePolicy on tables and their streams: validated and stored with revision ids (enforcement
// belongs to IAM). ARN checks and messages as captured from AWS (ack-api-quirks DDB-TABLE-212 / DDB-TABLE-213).
import { AwsError, validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  DeleteResourcePolicyInput,
  DeleteResourcePolicyOutput,
  GetResourcePolicyOutput,
  PutResourcePolicyInput,
  PutResourcePolicyOutput,
} from '../../generated/dynamodb/api.js';
import { tableNotFound, type DynamoDeps } from './context.js';
import type { TableRecord } from './table-store.js';

const INVALID = 'One or more parameter values were invalid: ';

interface Target {
  readonly rec: TableRecord;
  readonly arn: string;
}

/** Resolves a table or stream ARN of this account and region to its table, with AWS's refusals. */
function resolve(deps: DynamoDeps, scope: Scope, arn: string): Target {
  if (!arn.startsWith('arn:')) throw validationException(`${INVALID}ARNs must start with 'arn:': ${arn}`);
  const m = /^arn:([^:]+):dynamodb:([^:]*):([^:]*):table\/([^/]+)(?:\/(stream|index|backup|export)\/(.+))?$/.exec(arn);
  if (!m) throw validationException(`${INVALID}Provided Arn is not a DynamoDB resource arn: ${arn}`);
  const [, partition, region, account, name, kind, label] = m as unknown as [string, string, string, string, string, string | undefined, string | undefined];
  if (account !== scope.account) throw validationException('This action is only supported by accounts that match the resource owner’s account.');
  if (partition !== 'aws' || region !== scope.region) throw validationException(`${INVALID}Invalid resource Arn: ${arn}`);
  if (kind === 'index') throw validationException(`${INVALID}Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`);
  if (kind === 'backup' || kind === 'export') throw validationException(`${INVALID}Provided Arn is not a DynamoDB resource arn: ${arn}`);
  const rec = deps.tables.get(scope, name);
  if (!rec) throw tableNotFound(name);
  if (kind === 'stream') {
    const stream = deps.streams.byArn(arn);
    if (!stream || stream.table_id !== rec.id) {
      throw new AwsError('ResourceNotFoundException', `Requested resource not found: Stream: ${label ?? ''} not found for Table: ${name}`, { status: 400 });
    }
  }
  return { rec, arn };
}

function policyNotFound(arn: string): AwsError {
  return new AwsError('PolicyNotFoundException', `Resource-based policy not found for the provided ResourceArn: ${arn}`, { status: 400 });
}

/** A policy document must be a JSON object with a Statement (IAM policy grammar; IAM validates the rest). */
export function checkPolicyDocument(policy: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw validationException(`${INVALID}Invalid policy document: the policy is not valid JSON`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('Statement' in doc)) {
    throw validationException(`${INVALID}Invalid policy document: the policy must be a JSON object with a Statement`);
  }
}

/** Revision ids are increasing decimal strings (AWS's look like epoch milliseconds). */
function nextRevision(now: number, previous: string | undefined): string {
  const prev = previous === undefined ? 0 : Number(previous);
  return String(Math.max(now, prev + 1));
}

function checkExpected(arn: string, expected: string | undefined, current: { revisionId: string } | undefined): void {
  if (expected === undefined) return;
  if (expected === 'NO_POLICY') {
    if (current) throw new AwsError('PolicyNotFoundException', `Resource-based policy not found for the provided ResourceArn: a policy with revision id ${current.revisionId} exists on ${arn}`, { status: 400 });
    return;
  }
  if (!current) throw policyNotFound(arn);
  if (current.revisionId !== expected) {
    throw new AwsError('PolicyNotFoundException', `Resource-based policy not found for the provided ResourceArn: the policy on ${arn} has revision id ${current.revisionId}, not ${expected}`, { status: 400 });
  }
}

export function putResourcePolicy(deps: DynamoDeps, scope: Scope, input: PutResourcePolicyInput): PutResourcePolicyOutput {
  return deps.store.transaction(() => {
    const { rec, arn } = resolve(deps, scope, input.ResourceArn);
    checkPolicyDocument(input.Policy);
    const policies = { ...(rec.meta.settings.resourcePolicies ?? {}) };
    const current = policies[arn];
    checkExpected(arn, input.ExpectedRevisionId, current);
    const revisionId = nextRevision(deps.clock.now(), current?.revisionId);
    policies[arn] = { policy: input.Policy, revisionId };
    deps.tables.update(scope, rec.name, rec.status, { schema: rec.meta.schema, settings: { ...rec.meta.settings, resourcePolicies: policies } });
    return { RevisionId: revisionId };
  });
}

export function getResourcePolicy(deps: DynamoDeps, scope: Scope, resourceArn: string): GetResourcePolicyOutput {
  const { rec, arn } = resolve(deps, scope, resourceArn);
  const p = rec.meta.settings.resourcePolicies?.[arn];
  if (!p) throw policyNotFound(arn);
  return { Policy: p.policy, RevisionId: p.revisionId };
}

export function deleteResourcePolicy(deps: DynamoDeps, scope: Scope, input: DeleteResourcePolicyInput): DeleteResourcePolicyOutput {
  return deps.store.transaction(() => {
    const { rec, arn } = resolve(deps, scope, input.ResourceArn);
    const policies = { ...(rec.meta.settings.resourcePolicies ?? {}) };
    const current = policies[arn];
    if (!current) throw policyNotFound(arn);
    checkExpected(arn, input.ExpectedRevisionId, current);
    delete policies[arn];
    deps.tables.update(scope, rec.name, rec.status, { schema: rec.meta.schema, settings: { ...rec.meta.settings, resourcePolicies: policies } });
    return { RevisionId: current.revisionId };
  });
}
