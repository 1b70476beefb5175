// boto3 against a started server for SQS's answers: the qualified JSON error type parsed back to the query code,
// a bare queue name as QueueUrl, tag/permission/FIFO batch validation, and AWS's waits only with KUMO_AWS_DELAYS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { CLI_ENV } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
let delayed: SpawnedKumo;
before(async () => {
  [kumo, delayed] = await Promise.all([spawnKumo(['--in-memory']), spawnKumo(['--in-memory'], { KUMO_AWS_DELAYS: 'true' })]);
});
after(async () => {
  await Promise.all([kumo.stop(), delayed.stop()]);
});

const RUN = `parity${process.pid}`;

/** Runs a boto3 script printing one JSON object; every call's error is recorded as [code, status, message]. */
function boto3(url: string, body: string): Record<string, unknown> {
  const script = `
import json, sys
import boto3
from botocore.exceptions import ClientError
sqs = boto3.client('sqs')
prefix = sys.argv[1]
out = {}
def err(key, fn, **kw):
    try:
        fn(**kw)
        out[key] = 'ok'
    except ClientError as e:
        out[key] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
${body}
print(json.dumps(out))
`;
  const result = spawnSync('python3', ['-c', script, RUN], {
    encoding: 'utf8',
    env: { ...process.env, ...CLI_ENV, AWS_ENDPOINT_URL: url },
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

test('boto3 reads QueueDoesNotExist from the qualified JSON error and accepts a bare queue name as QueueUrl', () => {
  const out = boto3(kumo.url, `
err('missing', sqs.get_queue_url, QueueName=prefix + '-missing')
try:
    sqs.get_queue_url(QueueName=prefix + '-missing')
except sqs.exceptions.QueueDoesNotExist:
    out['modeled'] = True
sqs.create_queue(QueueName=prefix + '-bare')
sqs.send_message(QueueUrl=prefix + '-bare', MessageBody='by name')
out['count'] = sqs.get_queue_attributes(QueueUrl=prefix + '-bare', AttributeNames=['ApproximateNumberOfMessages'])['Attributes']
`);
  assert.deepEqual(out['missing'], ['AWS.SimpleQueueService.NonExistentQueue', 400, 'The specified queue does not exist.']);
  assert.equal(out['modeled'], true, 'botocore maps the error to its modeled exception class');
  assert.deepEqual(out['count'], { ApproximateNumberOfMessages: '1' });
});

test('boto3 sees the tag, permission, FIFO batch and receipt handle errors with their codes, statuses and messages', () => {
  const out = boto3(kumo.url, `
url = sqs.create_queue(QueueName=prefix + '-checks')['QueueUrl']
err('tags_empty', sqs.tag_queue, QueueUrl=url, Tags={})
err('tags_many', sqs.tag_queue, QueueUrl=url, Tags={'k%d' % i: 'v' for i in range(51)})
err('untag_empty', sqs.untag_queue, QueueUrl=url, TagKeys=[])
err('owner_only', sqs.add_permission, QueueUrl=url, Label='l', AWSAccountIds=['111111111111'], Actions=['DeleteQueue'])
err('no_accounts', sqs.add_permission, QueueUrl=url, Label='l', AWSAccountIds=[], Actions=['SendMessage'])
err('no_actions', sqs.add_permission, QueueUrl=url, Label='l', AWSAccountIds=['111111111111'], Actions=[])
err('unknown_label', sqs.remove_permission, QueueUrl=url, Label='nolabel')
fifo = sqs.create_queue(QueueName=prefix + '-checks.fifo', Attributes={'FifoQueue': 'true', 'ContentBasedDeduplication': 'true'})['QueueUrl']
err('batch_no_group', sqs.send_message_batch, QueueUrl=fifo, Entries=[{'Id': 'a', 'MessageBody': 'x'}])
err('bad_handle', sqs.delete_message, QueueUrl=url, ReceiptHandle='garbage')
`);
  assert.deepEqual(out['tags_empty'], ['MissingParameter', 400, 'The request must contain the parameter Tags.']);
  assert.deepEqual(out['tags_many'], ['InvalidParameterValue', 400, `Too many tags added for queue ${RUN}-checks.`]);
  assert.deepEqual(out['untag_empty'], ['InvalidParameterValue', 400, 'Tag keys must be between 1 and 128 characters in length.']);
  assert.deepEqual(out['owner_only'], [
    'InvalidParameterValue',
    400,
    'Value SQS:DeleteQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.',
  ]);
  assert.deepEqual(out['no_accounts'], ['MissingParameter', 400, 'The request must contain the parameter AWSAccountIds.']);
  assert.deepEqual(out['no_actions'], ['MissingParameter', 400, 'The request must contain the parameter Actions.']);
  assert.deepEqual(out['unknown_label'], ['InvalidParameterValue', 400, "Value nolabel for parameter Label is invalid. Reason: can't find label."]);
  assert.deepEqual(out['bad_handle'], ['ReceiptHandleIsInvalid', 404, 'The input receipt handle "garbage" is not a valid receipt handle.']);
  assert.deepEqual(out['batch_no_group'], ['InvalidParameterValue', 400, 'The request must contain the parameter MessageGroupId.']);
});

test('boto3: a name is reusable and purge repeatable at once by default, refused with KUMO_AWS_DELAYS=true', () => {
  const script = `
url = sqs.create_queue(QueueName=prefix + '-again')['QueueUrl']
sqs.delete_queue(QueueUrl=url)
err('recreate', sqs.create_queue, QueueName=prefix + '-again')
url = sqs.get_queue_url(QueueName=prefix + '-again')['QueueUrl'] if out['recreate'] == 'ok' else url
if out['recreate'] == 'ok':
    sqs.purge_queue(QueueUrl=url)
    err('purge', sqs.purge_queue, QueueUrl=url)
else:
    url = sqs.create_queue(QueueName=prefix + '-purge')['QueueUrl']
    sqs.purge_queue(QueueUrl=url)
    err('purge', sqs.purge_queue, QueueUrl=url)
`;
  const quick = boto3(kumo.url, script);
  assert.equal(quick['recreate'], 'ok');
  assert.equal(quick['purge'], 'ok');
  const waits = boto3(delayed.url, script);
  assert.deepEqual(waits['recreate'], [
    'AWS.SimpleQueueService.QueueDeletedRecently',
    400,
    'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  ]);
  assert.deepEqual(waits['purge'], ['AWS.SimpleQueueService.PurgeQueueInProgress', 403, `Only one PurgeQueue operation on ${RUN}-purge is allowed every 60 seconds.`]);
});
