// Queue control-plane operations: create (idempotent unless attributes differ), delete, URL lookup, listing,
// attributes, purge, tags, permissions and dead-letter source listing. Checks and writes share one transaction.
import { dict, setOwn } from '../../core/dict.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sqs/api.js';
import {
  invalidParameter,
  invalidParameterValue,
  missingParameter,
  purgeQueueInProgress,
  queueDeletedRecently,
  queueDoesNotExist,
  queueNameExists,
} from './errors.js';
import { queueByArn, requireQueue, scopeOf, type SqsContext } from './context.js';
import {
  applyAttributes,
  defaultAttributes,
  firstDifference,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  selectAttributeNames,
  type AttributeMap,
} from './queue-attributes.js';
import { addPermission, removePermission } from './queue-policy.js';
import type { Queue } from './queue-store.js';
import { buildQueueArn, buildQueueUrl, parseQueueArn, validateQueueName } from './queue-url.js';

/**
 * AWS refuses to recreate a name, and to purge again, within this window (SQS DeleteQueue / PurgeQueue docs). These
 * are deliberate waits, enforced only with KUMO_AWS_DELAYS=true: off, a name is free again and a purge repeatable at once.
 */
export const RECREATE_WINDOW_MS = 60_000;
export const PURGE_WINDOW_MS = 60_000;
const MAX_TAGS = 50;

export function queueUrl(ctx: RequestContext, queue: Queue): string {
  return buildQueueUrl(ctx.host, queue.account, queue.name);
}

export function createQueue(sqs: SqsContext, ctx: RequestContext, input: api.CreateQueueRequest): api.CreateQueueResult {
  const name = input.QueueName;
  if (name === undefined) throw missingParameter('QueueName');
  const requested: AttributeMap = { ...(input.Attributes ?? {}) };
  const fifo = requested['FifoQueue']?.toLowerCase() === 'true';
  validateQueueName(name, fifo);
  const attributes = applyAttributes(defaultAttributes(fifo), requested, fifo, true);
  checkRedriveTarget(sqs, attributes, fifo, buildQueueArn(ctx.region, ctx.account, name));
  const tags = validateTags(name, input.tags ?? {}, {});
  const scope = scopeOf(sqs, ctx);
  const now = sqs.clock.now();
  return sqs.store.transaction(() => {
    const existing = sqs.queues.get(scope, name);
    if (existing) {
      const compared: AttributeMap = {};
      for (const key of Object.keys(requested)) if (attributes[key] !== undefined) compared[key] = attributes[key];
      const differing = firstDifference(existing.attributes, compared);
      if (differing !== undefined) throw queueNameExists(differing);
      return { QueueUrl: queueUrl(ctx, existing) };
    }
    const deletedAt = sqs.queues.deletedAt(scope, name);
    if (sqs.awsDelays && deletedAt !== undefined && now - deletedAt < RECREATE_WINDOW_MS) throw queueDeletedRecently();
    const queue = sqs.queues.insert(scope, name, fifo, attributes, tags, now);
    return { QueueUrl: queueUrl(ctx, queue) };
  });
}

/** A RedrivePolicy must name an existing queue of the same type whose RedriveAllowPolicy admits this source. */
function checkRedriveTarget(sqs: SqsContext, attributes: AttributeMap, fifo: boolean, sourceArn: string): void {
  const raw = attributes['RedrivePolicy'];
  if (raw === undefined) return;
  const policy = parseRedrivePolicy(raw);
  if (!parseQueueArn(policy.deadLetterTargetArn)) throw invalidParameter('RedrivePolicy', raw, 'Invalid value for deadLetterTargetArn.');
  const target = queueByArn(sqs, policy.deadLetterTargetArn);
  if (!target) throw invalidParameter('RedrivePolicy', raw, 'Dead-letter target does not exist.');
  if (target.fifo !== fifo) throw invalidParameter('RedrivePolicy', raw, 'Dead-letter queue must be same type of queue as the source.');
  const allow = target.attributes['RedriveAllowPolicy'];
  if (allow !== undefined) {
    const policy = parseRedriveAllowPolicy(allow);
    const allowed = policy.redrivePermission === 'allowAll' || (policy.redrivePermission === 'byQueue' && policy.sourceQueueArns.includes(sourceArn));
    // Wording is kumo's: no recording shows AWS's message for a refused source.
    if (!allowed) throw invalidParameter('RedrivePolicy', raw, "Dead-letter queue's RedriveAllowPolicy does not allow this source queue.");
  }
}

export function deleteQueue(sqs: SqsContext, ctx: RequestContext, input: api.DeleteQueueRequest): Record<string, never> {
  const now = sqs.clock.now();
  const queue = sqs.store.transaction(() => {
    const q = requireQueue(sqs, ctx, input.QueueUrl);
    sqs.messages.drop(q);
    sqs.queues.delete(q, now);
    return q;
  });
  sqs.waiters.notify(queue.id);
  return {};
}

export function getQueueUrl(sqs: SqsContext, ctx: RequestContext, input: api.GetQueueUrlRequest): api.GetQueueUrlResult {
  if (input.QueueName === undefined) throw missingParameter('QueueName');
  const queue = sqs.queues.get(scopeOf(sqs, ctx, input.QueueOwnerAWSAccountId ?? ctx.account), input.QueueName);
  if (!queue) throw queueDoesNotExist(ctx.protocol === 'query');
  return { QueueUrl: queueUrl(ctx, queue) };
}

export function listQueues(sqs: SqsContext, ctx: RequestContext, input: api.ListQueuesRequest): api.ListQueuesResult {
  const limit = checkMaxResults(input.MaxResults);
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
  const page = sqs.queues.list(scopeOf(sqs, ctx), input.QueueNamePrefix ?? '', after, (limit ?? 1000) + 1);
  const shown = page.slice(0, limit ?? 1000);
  const result: api.ListQueuesResult = {};
  if (shown.length > 0) result.QueueUrls = shown.map((q) => queueUrl(ctx, q));
  if (limit !== undefined && page.length > limit) result.NextToken = encodeToken(shown[shown.length - 1]!.name);
  return result;
}

export function listDeadLetterSourceQueues(
  sqs: SqsContext,
  ctx: RequestContext,
  input: api.ListDeadLetterSourceQueuesRequest,
): api.ListDeadLetterSourceQueuesResult {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  const limit = checkMaxResults(input.MaxResults);
  const after = input.NextToken === undefined ? '' : decodeToken(input.NextToken);
  const page = sqs.queues.deadLetterSources(scopeOf(sqs, ctx, queue.account), queue.arn, after, (limit ?? 1000) + 1);
  const shown = page.slice(0, limit ?? 1000);
  const result: api.ListDeadLetterSourceQueuesResult = { queueUrls: shown.map((q) => queueUrl(ctx, q)) };
  if (limit !== undefined && page.length > limit) result.NextToken = encodeToken(shown[shown.length - 1]!.name);
  return result;
}

function checkMaxResults(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw invalidParameter('MaxResults', value, 'MaxResults must be an integer between 1 and 1000.');
  }
  return value;
}

function encodeToken(name: string): string {
  return Buffer.from(JSON.stringify({ after: name }), 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw invalidParameterValue('Invalid NextToken value.');
}

export function getQueueAttributes(sqs: SqsContext, ctx: RequestContext, input: api.GetQueueAttributesRequest): api.GetQueueAttributesResult {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  const wanted = selectAttributeNames(input.AttributeNames);
  if (wanted !== 'all' && wanted.size === 0) return {};
  const now = sqs.clock.now();
  const all: AttributeMap = { ...queue.attributes };
  const needsCounts =
    wanted === 'all' ||
    wanted.has('ApproximateNumberOfMessages') ||
    wanted.has('ApproximateNumberOfMessagesNotVisible') ||
    wanted.has('ApproximateNumberOfMessagesDelayed');
  if (needsCounts) {
    const counts = sqs.messages.counts(queue, now);
    all['ApproximateNumberOfMessages'] = String(counts.visible);
    all['ApproximateNumberOfMessagesNotVisible'] = String(counts.notVisible);
    all['ApproximateNumberOfMessagesDelayed'] = String(counts.delayed);
  }
  all['CreatedTimestamp'] = String(Math.floor(queue.createdAt / 1000));
  all['LastModifiedTimestamp'] = String(Math.floor(queue.modifiedAt / 1000));
  all['QueueArn'] = queue.arn;
  const out: AttributeMap = {};
  for (const key of Object.keys(all).sort()) {
    if (wanted === 'all' || wanted.has(key)) out[key] = all[key]!;
  }
  return Object.keys(out).length > 0 ? { Attributes: out } : {};
}

export function setQueueAttributes(sqs: SqsContext, ctx: RequestContext, input: api.SetQueueAttributesRequest): Record<string, never> {
  const now = sqs.clock.now();
  sqs.store.transaction(() => {
    const queue = requireQueue(sqs, ctx, input.QueueUrl);
    const next = applyAttributes(queue.attributes, input.Attributes ?? {}, queue.fifo, false);
    if (input.Attributes?.['RedrivePolicy']) checkRedriveTarget(sqs, next, queue.fifo, queue.arn);
    sqs.queues.updateAttributes(queue, next, now);
  });
  return {};
}

export function purgeQueue(sqs: SqsContext, ctx: RequestContext, input: api.PurgeQueueRequest): Record<string, never> {
  const now = sqs.clock.now();
  sqs.store.transaction(() => {
    const queue = requireQueue(sqs, ctx, input.QueueUrl);
    if (sqs.awsDelays && queue.purgedAt !== undefined && now - queue.purgedAt < PURGE_WINDOW_MS) throw purgeQueueInProgress(queue.name);
    sqs.messages.purge(queue);
    sqs.queues.setPurged(queue, now);
  });
  return {};
}

function validateTags(queueName: string, add: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): Record<string, string> {
  const next = dict(current); // tag keys like __proto__ are kept as keys
  for (const [key, value] of Object.entries(add)) {
    if (key.length === 0 || key.length > 128) throw invalidParameterValue(`Tag key must be between 1 and 128 characters: ${key}`);
    if (value.length > 256) throw invalidParameterValue(`Tag value must be at most 256 characters for key ${key}`);
    setOwn(next, key, value);
  }
  if (Object.keys(next).length > MAX_TAGS) throw invalidParameterValue(`Too many tags added for queue ${queueName}.`);
  return next;
}

export function tagQueue(sqs: SqsContext, ctx: RequestContext, input: api.TagQueueRequest): Record<string, never> {
  sqs.store.transaction(() => {
    const queue = requireQueue(sqs, ctx, input.QueueUrl);
    // An empty map is a missing parameter, as the query protocol cannot send one (issue 27; moto answers the same).
    if (input.Tags === undefined || Object.keys(input.Tags).length === 0) throw missingParameter('Tags');
    sqs.queues.updateTags(queue, validateTags(queue.name, input.Tags, queue.tags));
  });
  return {};
}

export function untagQueue(sqs: SqsContext, ctx: RequestContext, input: api.UntagQueueRequest): Record<string, never> {
  sqs.store.transaction(() => {
    const queue = requireQueue(sqs, ctx, input.QueueUrl);
    const keys = input.TagKeys ?? [];
    if (keys.length === 0 || keys.some((k) => k.length === 0 || k.length > 128)) {
      throw invalidParameterValue('Tag keys must be between 1 and 128 characters in length.');
    }
    const next = dict(queue.tags);
    for (const key of keys) delete next[key];
    sqs.queues.updateTags(queue, next);
  });
  return {};
}

export function listQueueTags(sqs: SqsContext, ctx: RequestContext, input: api.ListQueueTagsRequest): api.ListQueueTagsResult {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  // test_sqs.snapshot.json test_tag_untag_queue[sqs] "get-tag-after-untag": no Tags member when there are none.
  return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
}

export function addQueuePermission(sqs: SqsContext, ctx: RequestContext, input: api.AddPermissionRequest): Record<string, never> {
  const now = sqs.clock.now();
  sqs.store.transaction(() => {
    const queue = requireQueue(sqs, ctx, input.QueueUrl);
    const policy = addPermission(queue.attributes['Policy'], queue.arn, input.Label, input.AWSAccountIds ?? [], input.Actions ?? []);
    sqs.queues.updateAttributes(queue, { ...queue.attributes, Policy: policy }, now);
  });
  return {};
}

export function removeQueuePermission(sqs: SqsContext, ctx: RequestContext, input: api.RemovePermissionRequest): Record<string, never> {
  const now = sqs.clock.now();
  sqs.store.transaction(() => {
    const queue = requireQueue(sqs, ctx, input.QueueUrl);
    const policy = removePermission(queue.attributes['Policy'], queue.arn, input.Label);
    const next = { ...queue.attributes };
    if (policy === undefined) delete next['Policy'];
    else next['Policy'] = policy;
    sqs.queues.updateAttributes(queue, next, now);
  });
  return {};
}
