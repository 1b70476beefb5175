// AddPermission / RemovePermission as edits of the queue's Policy document: one statement per label, in AWS's shape
// (test_sqs.snapshot.json test_sqs_permission_lifecycle[sqs]). Pure: takes and returns the Policy attribute string.
import { invalidParameter, missingParameter } from './errors.js';

/**
 * The actions AddPermission may grant to other accounts (AddPermission API reference's list of valid ActionName values,
 * later joined by GetQueueUrl's neighbours PurgeQueue and ListDeadLetterSourceQueues); the rest (CreateQueue,
 * SetQueueAttributes, TagQueue, …) stay the owner's: "Only the queue owner is allowed to invoke this action."
 */
const SHAREABLE_ACTIONS = new Set([
  '*',
  'ChangeMessageVisibility',
  'DeleteMessage',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
  'ReceiveMessage',
  'SendMessage',
]);

interface Statement {
  Sid?: string;
  [key: string]: unknown;
}

interface PolicyDocument {
  Version: string;
  Id: string;
  Statement: Statement[];
}

function parsePolicy(policy: string | undefined, queueArn: string): PolicyDocument {
  if (policy === undefined) return { Version: '2008-10-17', Id: `${queueArn}/SQSDefaultPolicy`, Statement: [] };
  const doc = JSON.parse(policy) as Partial<PolicyDocument>;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return { Version: doc.Version ?? '2008-10-17', Id: doc.Id ?? `${queueArn}/SQSDefaultPolicy`, Statement: statements };
}

/** Returns the Policy with a statement for label added; throws when the label exists. */
export function addPermission(
  policy: string | undefined,
  queueArn: string,
  label: string,
  accounts: readonly string[],
  actions: readonly string[],
): string {
  if (!label || !/^[A-Za-z0-9_-]{1,80}$/.test(label)) {
    throw invalidParameter('Label', label, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  // An empty list is the same request as a missing one (the query protocol cannot send an empty list), so it is
  // MissingParameter in the model's required order, as the front end reports a member left out.
  if (accounts.length === 0) throw missingParameter('AWSAccountIds');
  if (actions.length === 0) throw missingParameter('Actions');
  const ownerOnly = actions.find((a) => !SHAREABLE_ACTIONS.has(a));
  if (ownerOnly !== undefined) {
    throw invalidParameter('ActionName', `SQS:${ownerOnly}`, 'Only the queue owner is allowed to invoke this action.');
  }
  const doc = parsePolicy(policy, queueArn);
  // test_sqs.snapshot.json test_sqs_permission_lifecycle[sqs] "get-queue-policy-attribute-second-account-same-label".
  if (doc.Statement.some((s) => s.Sid === label)) throw invalidParameter('Label', label, 'Already exists.');
  const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
  const sqsActions = actions.map((a) => `SQS:${a}`);
  doc.Statement.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: sqsActions.length === 1 ? sqsActions[0] : sqsActions,
    Resource: queueArn,
  });
  return JSON.stringify(doc);
}

/** Returns the Policy without label's statement (undefined when none remain); throws when the label is unknown. */
export function removePermission(policy: string | undefined, queueArn: string, label: string): string | undefined {
  const doc = parsePolicy(policy, queueArn);
  const remaining = doc.Statement.filter((s) => s.Sid !== label);
  // test_sqs.snapshot.json test_sqs_permission_lifecycle[sqs] "get-queue-policy-attribute-delete-non-existent-label".
  if (remaining.length === doc.Statement.length) throw invalidParameter('Label', label, "can't find label.");
  if (remaining.length === 0) return undefined;
  return JSON.stringify({ ...doc, Statement: remaining });
}
