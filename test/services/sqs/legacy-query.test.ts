// SQS's legacy query protocol over a real socket: SigV4-signed form POSTs as old SDKs send them (to `/` with QueueUrl,
// to the queue path, and boto2-style to the queue path without QueueUrl), with the XML answers parsed and checked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import { startSqs, uniqueName, type SqsHarness } from './sqs-support.js';

const ACCOUNT = '000000000000';
const NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

type XmlValue = string | XmlObject;
interface XmlObject {
  [name: string]: XmlValue[];
}

interface QueryResponse {
  status: number;
  contentType: string;
  root: string;
  namespace: string | undefined;
  doc: XmlObject;
}

let h: SqsHarness;
let signer: SignatureV4;
before(async () => {
  h = await startSqs();
  signer = new SignatureV4({ service: 'sqs', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Sha256 });
});
after(async () => {
  await h.close();
});

const parser = new XMLParser({ isArray: () => true, parseTagValue: false, ignoreAttributes: false, attributeNamePrefix: '@' });

/** Sends `Action=…&Version=2012-11-05&…` as a signed form POST to `path`, the way aws-sdk v1/v2 and boto2 do. */
async function query(path: string, action: string, params: [string, string][] = []): Promise<QueryResponse> {
  const url = new URL(h.kumo.url);
  const body = new URLSearchParams([['Action', action], ['Version', '2012-11-05'], ...params]).toString();
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const response = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(url.port), method: 'POST', path, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const parsed = parser.parse(response.text) as XmlObject;
  const root = Object.keys(parsed).find((k) => !k.startsWith('?'));
  assert.ok(root, `no XML root in ${response.text}`);
  const element = parsed[root]![0] as XmlObject;
  const namespace = element['@xmlns']?.[0];
  return { status: response.status, contentType: String(response.headers['content-type']), root, namespace: typeof namespace === 'string' ? namespace : undefined, doc: element };
}

function children(node: XmlValue | undefined, name: string): XmlValue[] {
  return typeof node === 'object' ? (node[name] ?? []) : [];
}

function child(node: XmlValue | undefined, ...path: string[]): XmlValue | undefined {
  let current = node;
  for (const name of path) current = children(current, name)[0];
  return current;
}

function text(node: XmlValue | undefined, ...path: string[]): string | undefined {
  const value = child(node, ...path);
  return typeof value === 'string' ? value : value === undefined ? undefined : '';
}

/** `<Attribute><Name/><Value/></Attribute>` pairs (GetQueueAttributes, a message's system attributes) as a record. */
function attributePairs(node: XmlValue | undefined): Record<string, string> {
  return Object.fromEntries(children(node, 'Attribute').map((a) => [text(a, 'Name')!, text(a, 'Value') ?? '']));
}

function expectOk(r: QueryResponse, action: string): XmlValue | undefined {
  assert.equal(r.status, 200, JSON.stringify(r.doc));
  assert.equal(r.root, `${action}Response`);
  assert.equal(r.namespace, NAMESPACE);
  assert.match(r.contentType, /^text\/xml/);
  assert.ok(text(r.doc, 'ResponseMetadata', 'RequestId'), 'a RequestId in ResponseMetadata');
  return child(r.doc, `${action}Result`);
}

/** MD5 of String/Number message attributes as SQS computes it (SQS developer guide, "Calculating the MD5 message digest"). */
function md5OfStringAttributes(attributes: Record<string, { type: string; value: string }>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (s: string) => {
    const bytes = Buffer.from(s, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    lengthPrefixed(name);
    lengthPrefixed(attributes[name]!.type);
    hash.update(Buffer.from([1]));
    lengthPrefixed(attributes[name]!.value);
  }
  return hash.digest('hex');
}

async function createQueue(name: string, attributes: [string, string][] = []): Promise<string> {
  const params: [string, string][] = [['QueueName', name]];
  attributes.forEach(([key, value], i) => params.push([`Attribute.${i + 1}.Name`, key], [`Attribute.${i + 1}.Value`, value]));
  const result = expectOk(await query('/', 'CreateQueue', params), 'CreateQueue');
  const url = text(result, 'QueueUrl');
  assert.ok(url);
  return url;
}

test('CreateQueue with Attribute.N answers the queue URL and GetQueueAttributes lists the attributes back', async () => {
  const name = uniqueName('legacy-create');
  const url = await createQueue(name, [['VisibilityTimeout', '45'], ['DelaySeconds', '3'], ['MaximumMessageSize', '2048']]);
  assert.equal(url, `${h.kumo.url}/${ACCOUNT}/${name}`);
  const result = expectOk(await query('/', 'GetQueueAttributes', [['QueueUrl', url], ['AttributeName.1', 'All']]), 'GetQueueAttributes');
  const attributes = attributePairs(result);
  assert.equal(attributes['VisibilityTimeout'], '45');
  assert.equal(attributes['DelaySeconds'], '3');
  assert.equal(attributes['MaximumMessageSize'], '2048');
  assert.equal(attributes['QueueArn'], `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`);
  assert.equal(attributes['ApproximateNumberOfMessages'], '0');
});

test('SendMessage with MessageAttribute.N, ReceiveMessage with All and DeleteMessage round-trip on the queue path', async () => {
  const name = uniqueName('legacy-messages');
  const url = await createQueue(name);
  const path = `/${ACCOUNT}/${name}`;
  const body = 'hello <legacy> & "query" ünïcode';
  const sent = expectOk(
    await query(path, 'SendMessage', [
      ['QueueUrl', url],
      ['MessageBody', body],
      ['MessageAttribute.1.Name', 'color'],
      ['MessageAttribute.1.Value.DataType', 'String'],
      ['MessageAttribute.1.Value.StringValue', 'blue'],
      ['MessageAttribute.2.Name', 'count'],
      ['MessageAttribute.2.Value.DataType', 'Number'],
      ['MessageAttribute.2.Value.StringValue', '42'],
    ]),
    'SendMessage',
  );
  const bodyMd5 = createHash('md5').update(body, 'utf8').digest('hex');
  const attributesMd5 = md5OfStringAttributes({ color: { type: 'String', value: 'blue' }, count: { type: 'Number', value: '42' } });
  assert.equal(text(sent, 'MD5OfMessageBody'), bodyMd5);
  assert.equal(text(sent, 'MD5OfMessageAttributes'), attributesMd5);
  const messageId = text(sent, 'MessageId');
  assert.match(messageId ?? '', /^[0-9a-f-]{36}$/);

  const received = expectOk(
    await query(path, 'ReceiveMessage', [['QueueUrl', url], ['AttributeName.1', 'All'], ['MessageAttributeName.1', 'All'], ['MaxNumberOfMessages', '10']]),
    'ReceiveMessage',
  );
  const messages = children(received, 'Message');
  assert.equal(messages.length, 1);
  const message = messages[0];
  assert.equal(text(message, 'MessageId'), messageId);
  assert.equal(text(message, 'Body'), body);
  assert.equal(text(message, 'MD5OfBody'), bodyMd5);
  assert.equal(text(message, 'MD5OfMessageAttributes'), attributesMd5);
  const system = attributePairs(message);
  assert.equal(system['ApproximateReceiveCount'], '1');
  assert.equal(system['SenderId'], ACCOUNT);
  assert.match(system['SentTimestamp'] ?? '', /^\d{13}$/);
  const userAttributes = Object.fromEntries(
    children(message, 'MessageAttribute').map((a) => [text(a, 'Name'), { type: text(a, 'Value', 'DataType'), value: text(a, 'Value', 'StringValue') }]),
  );
  assert.deepEqual(userAttributes, { color: { type: 'String', value: 'blue' }, count: { type: 'Number', value: '42' } });

  const handle = text(message, 'ReceiptHandle');
  assert.ok(handle);
  expectOk(await query(path, 'DeleteMessage', [['QueueUrl', url], ['ReceiptHandle', handle]]), 'DeleteMessage');
  const counts = attributePairs(
    expectOk(
      await query('/', 'GetQueueAttributes', [['QueueUrl', url], ['AttributeName.1', 'ApproximateNumberOfMessages'], ['AttributeName.2', 'ApproximateNumberOfMessagesNotVisible']]),
      'GetQueueAttributes',
    ),
  );
  assert.deepEqual(counts, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
});

test('ListQueues answers one flattened QueueUrl element per queue matching the prefix', async () => {
  const prefix = uniqueName('legacy-list');
  const urls = [await createQueue(`${prefix}-a`), await createQueue(`${prefix}-b`)];
  await createQueue(uniqueName('legacy-other'));
  const result = expectOk(await query('/', 'ListQueues', [['QueueNamePrefix', prefix]]), 'ListQueues');
  assert.deepEqual(children(result, 'QueueUrl').sort(), urls.sort());
});

test('a missing queue is an ErrorResponse with AWS.SimpleQueueService.NonExistentQueue and status 400', async () => {
  const missing = `${h.kumo.url}/${ACCOUNT}/${uniqueName('legacy-missing')}`;
  for (const [action, params] of [
    ['GetQueueAttributes', [['QueueUrl', missing], ['AttributeName.1', 'All']]],
    ['SendMessage', [['QueueUrl', missing], ['MessageBody', 'x']]],
    ['GetQueueUrl', [['QueueName', uniqueName('legacy-missing')]]],
  ] as [string, [string, string][]][]) {
    const r = await query('/', action, params);
    assert.equal(r.status, 400, action);
    assert.equal(r.root, 'ErrorResponse');
    assert.equal(r.namespace, NAMESPACE);
    assert.equal(text(r.doc, 'Error', 'Type'), 'Sender');
    assert.equal(text(r.doc, 'Error', 'Code'), 'AWS.SimpleQueueService.NonExistentQueue', action);
    assert.equal(text(r.doc, 'Error', 'Message'), 'The specified queue does not exist for this wsdl version.');
    assert.ok(text(r.doc, 'RequestId'), 'a RequestId beside the Error');
  }
});

test('boto2-style requests on the queue path without QueueUrl send, receive, delete and read attributes of that queue', async () => {
  const name = uniqueName('legacy-boto2');
  await createQueue(name);
  const path = `/${ACCOUNT}/${name}`;
  const sent = expectOk(await query(path, 'SendMessage', [['MessageBody', 'from boto2']]), 'SendMessage');
  assert.equal(text(sent, 'MD5OfMessageBody'), createHash('md5').update('from boto2').digest('hex'));
  const received = expectOk(await query(path, 'ReceiveMessage', [['AttributeName.1', 'ApproximateReceiveCount']]), 'ReceiveMessage');
  const message = child(received, 'Message');
  assert.equal(text(message, 'Body'), 'from boto2');
  assert.equal(attributePairs(message)['ApproximateReceiveCount'], '1');
  expectOk(await query(path, 'DeleteMessage', [['ReceiptHandle', text(message, 'ReceiptHandle')!]]), 'DeleteMessage');
  const attributes = attributePairs(expectOk(await query(path, 'GetQueueAttributes', [['AttributeName.1', 'All']]), 'GetQueueAttributes'));
  assert.equal(attributes['QueueArn'], `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`);
  assert.equal(attributes['ApproximateNumberOfMessages'], '0');
  assert.equal(attributes['ApproximateNumberOfMessagesNotVisible'], '0');
});

test('boto2-style requests name the queue by path only when QueueUrl is absent and the path is /<account>/<queue>', async () => {
  const name = uniqueName('legacy-path');
  const other = uniqueName('legacy-path-other');
  const otherUrl = await createQueue(other);
  await createQueue(name);
  // An explicit QueueUrl wins over the path.
  expectOk(await query(`/${ACCOUNT}/${name}`, 'SendMessage', [['QueueUrl', otherUrl], ['MessageBody', 'to other']]), 'SendMessage');
  const counts = attributePairs(expectOk(await query('/', 'GetQueueAttributes', [['QueueUrl', otherUrl], ['AttributeName.1', 'ApproximateNumberOfMessages']]), 'GetQueueAttributes'));
  assert.equal(counts['ApproximateNumberOfMessages'], '1');
  // The path of a queue that does not exist is that queue: NonExistentQueue, not a missing parameter.
  const missing = await query(`/${ACCOUNT}/${uniqueName('legacy-path-missing')}`, 'SendMessage', [['MessageBody', 'x']]);
  assert.equal(missing.status, 400);
  assert.equal(text(missing.doc, 'Error', 'Code'), 'AWS.SimpleQueueService.NonExistentQueue');
  // At `/` nothing names the queue, so QueueUrl is still required.
  const bare = await query('/', 'SendMessage', [['MessageBody', 'x']]);
  assert.equal(bare.status, 400);
  assert.equal(bare.root, 'ErrorResponse');
  assert.equal(text(bare.doc, 'Error', 'Code'), 'MissingParameter');
  assert.equal(text(bare.doc, 'Error', 'Message'), 'The request must contain the parameter QueueUrl.');
});
