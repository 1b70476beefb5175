// A client's mistake is answered with AWS's 4xx, never 500 InternalFailure: empty S3 configuration bodies, lifecycle
// day counts S3 refuses, header injection through response-* overrides, DynamoDB __proto__ names, deep nesting and
// [null] entries, SQS broken queue URLs, query Versions no service has. Names like __proto__ are stored and returned.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestKumo, type TestKumo } from '../support/kumo.js';
import { trustedS3Headers } from '../support/s3-trusted.js';

let kumo: TestKumo;
let queueUrl: string;
const BUCKET = 'mistakes';
const TABLE = 'mistakes';

async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; text: string; headers: Headers }> {
  // S3 requests are signed (an unsigned one is anonymous, and the bucket is private); the others go as given.
  const headers = path.startsWith(`/${BUCKET}`) ? { ...trustedS3Headers(), ...init.headers } : init.headers ?? {};
  const res = await fetch(kumo.url + path, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
const json = (target: string, body: unknown): { headers: Record<string, string>; body: string } => ({
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body: typeof body === 'string' ? body : JSON.stringify(body),
});
const form = (body: string): { headers: Record<string, string>; body: string } => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
const signedForm = (service: string, body: string): { headers: Record<string, string>; body: string } => ({
  headers: {
    'content-type': 'application/x-www-form-urlencoded', 'x-amz-date': '20260101T000000Z',
    authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  },
  body,
});

function expectCode(r: { status: number; text: string }, status: number, code: RegExp | string): void {
  assert.equal(r.status, status, r.text);
  if (typeof code === 'string') assert.ok(r.text.includes(code), `expected ${code} in ${r.text}`);
  else assert.match(r.text, code);
}

before(async () => {
  kumo = await startTestKumo();
  assert.equal((await call('PUT', `/${BUCKET}`)).status, 200);
  assert.equal((await call('PUT', `/${BUCKET}/k`, { body: 'x' })).status, 200);
  await call('POST', '/', json('DynamoDB_20120810.CreateTable', {
    TableName: TABLE, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
  }));
  queueUrl = (JSON.parse((await call('POST', '/', json('AmazonSQS.CreateQueue', { QueueName: 'mistakes' }))).text) as { QueueUrl: string }).QueueUrl;
});
after(async () => {
  await kumo.stop();
});

test('an empty body on a configuration PUT is MissingRequestBodyError 400, on DeleteObjects MalformedXML', async () => {
  for (const sub of ['cors', 'tagging', 'policy', 'encryption', 'notification', 'publicAccessBlock', 'ownershipControls', 'accelerate', 'website', 'logging', 'requestPayment']) {
    expectCode(await call('PUT', `/${BUCKET}?${sub}`), 400, '<Code>MissingRequestBodyError</Code><Message>Request Body is empty</Message>');
  }
  expectCode(await call('PUT', `/${BUCKET}/k?tagging`), 400, 'MissingRequestBodyError');
  expectCode(await call('POST', `/${BUCKET}?delete`, { headers: { 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' } }), 400, 'MalformedXML');
  expectCode(await call('POST', `/${BUCKET}?delete`, { body: '<Delete><Object/></Delete>' }), 400, 'MalformedXML');
});

test('lifecycle day counts S3 refuses are InvalidArgument or MalformedXML, and nothing is stored', async () => {
  const rule = (expiration: string): string =>
    `<LifecycleConfiguration><Rule><ID>r</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><Expiration>${expiration}</Expiration></Rule></LifecycleConfiguration>`;
  for (const days of ['-5', '0']) {
    expectCode(await call('PUT', `/${BUCKET}?lifecycle`, { body: rule(`<Days>${days}</Days>`) }), 400,
      "<Code>InvalidArgument</Code><Message>'Days' for Expiration action must be a positive integer</Message>");
  }
  for (const days of ['1.5', 'abc', '100000000000000000000000000000']) {
    expectCode(await call('PUT', `/${BUCKET}?lifecycle`, { body: rule(`<Days>${days}</Days>`) }), 400, 'MalformedXML');
  }
  expectCode(await call('PUT', `/${BUCKET}?lifecycle`, { body: rule('<Date>not-a-date</Date>') }), 400, 'MalformedXML');
  expectCode(await call('GET', `/${BUCKET}?lifecycle`), 404, 'NoSuchLifecycleConfiguration');
  await kumo.advance(2 * 3600); // two lifecycle passes
  assert.equal((await call('GET', `/${BUCKET}/k`)).status, 200, 'no rule ran');
});

test('response-* overrides with CR/LF are InvalidArgument; a non-Latin-1 filename is sent RFC 6266-encoded', async () => {
  expectCode(await call('GET', `/${BUCKET}/k?response-content-type=%0d%0aX-Injected:1`), 400, 'InvalidArgument');
  const res = await call('GET', `/${BUCKET}/k?response-content-disposition=${encodeURIComponent('attachment; filename="日本.txt"')}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="__.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt`);
  expectCode(await call('GET', `/${BUCKET}?list-type=2&max-keys=2147483648`), 400, 'InvalidArgument');
});

test('S3 metadata keys named __proto__, constructor and hasOwnProperty are stored and returned', async () => {
  await call('PUT', `/${BUCKET}/meta`, { headers: { 'x-amz-meta-__proto__': 'a', 'x-amz-meta-constructor': 'b', 'x-amz-meta-hasownproperty': 'c' }, body: 'x' });
  const head = await call('HEAD', `/${BUCKET}/meta`);
  assert.equal(head.headers.get('x-amz-meta-__proto__'), 'a');
  assert.equal(head.headers.get('x-amz-meta-constructor'), 'b');
  assert.equal(head.headers.get('x-amz-meta-hasownproperty'), 'c');
});

test('DynamoDB stores attributes and keys named __proto__, and refuses deep nesting and [null] entries with ValidationException', async () => {
  const put = await call('POST', '/', json('DynamoDB_20120810.PutItem', `{"TableName":"${TABLE}","Item":{"pk":{"S":"p"},"__proto__":{"S":"a"},"constructor":{"S":"c"}}}`));
  assert.equal(put.status, 200, put.text);
  const upd = await call('POST', '/', json('DynamoDB_20120810.UpdateItem', {
    TableName: TABLE, Key: { pk: { S: 'p' } }, UpdateExpression: 'SET #p = :v', ExpressionAttributeNames: { '#p': 'hasOwnProperty' }, ExpressionAttributeValues: { ':v': { S: 'h' } },
  }));
  assert.equal(upd.status, 200, upd.text);
  const got = JSON.parse((await call('POST', '/', json('DynamoDB_20120810.GetItem', { TableName: TABLE, Key: { pk: { S: 'p' } } }))).text) as { Item: Record<string, unknown> };
  assert.deepEqual(Object.keys(got.Item).sort(), ['__proto__', 'constructor', 'hasOwnProperty', 'pk']);
  let deep = '{"S":"x"}';
  for (let i = 0; i < 5000; i++) deep = `{"L":[${deep}]}`;
  expectCode(await call('POST', '/', json('DynamoDB_20120810.PutItem', `{"TableName":"${TABLE}","Item":{"pk":{"S":"n"},"d":${deep}}}`)), 400, 'Nesting Levels have exceeded supported limits');
  for (const [target, body] of [
    ['TransactWriteItems', { TransactItems: [null] }], ['TransactGetItems', { TransactItems: [null] }],
    ['BatchWriteItem', { RequestItems: { [TABLE]: [null] } }], ['BatchGetItem', { RequestItems: { [TABLE]: {} } }],
  ] as const) {
    expectCode(await call('POST', '/', json(`DynamoDB_20120810.${target}`, body)), 400, /ValidationException.*Member must not be null/);
  }
  const tables = await call('POST', '/', json('DynamoDB_20120810.ListTables', { Limit: 3.5 }));
  assert.equal(tables.status, 200, 'a fractional Limit is truncated, as AWS reads it');
});

test('SQS: [null] batch entries, broken % escapes and huge entry indexes are 4xx; __proto__ tags and attributes round-trip', async () => {
  expectCode(await call('POST', '/', json('AmazonSQS.SendMessageBatch', { QueueUrl: queueUrl, Entries: [null] })), 400, 'InvalidBatchEntryId');
  expectCode(await call('POST', '/', json('AmazonSQS.DeleteMessageBatch', { QueueUrl: queueUrl, Entries: [null] })), 400, 'InvalidBatchEntryId');
  expectCode(await call('POST', '/', json('AmazonSQS.GetQueueAttributes', { QueueUrl: `${queueUrl}%zz` })), 400, 'InvalidAddress');
  const big = '9'.repeat(100);
  const r = await call('POST', '/', form(`Action=SendMessageBatch&Version=2012-11-05&QueueUrl=${encodeURIComponent(queueUrl)}&SendMessageBatchRequestEntry.${big}.Id=a&SendMessageBatchRequestEntry.${big}.MessageBody=b`));
  assert.ok(r.status >= 400 && r.status < 500, r.text);
  await call('POST', '/', json('AmazonSQS.TagQueue', `{"QueueUrl":"${queueUrl}","Tags":{"__proto__":"v","hasOwnProperty":"w"}}`));
  assert.deepEqual(JSON.parse((await call('POST', '/', json('AmazonSQS.ListQueueTags', { QueueUrl: queueUrl }))).text), JSON.parse('{"Tags":{"__proto__":"v","hasOwnProperty":"w"}}'));
  await call('POST', '/', json('AmazonSQS.SendMessage', `{"QueueUrl":"${queueUrl}","MessageBody":"x","MessageAttributes":{"__proto__":{"DataType":"String","StringValue":"v"}}}`));
  const received = await call('POST', '/', json('AmazonSQS.ReceiveMessage', { QueueUrl: queueUrl, MessageAttributeNames: ['All'] }));
  assert.match(received.text, /"MessageAttributes":\{"__proto__":\{"DataType":"String","StringValue":"v"\}\}/);
});

test('a query Version the service does not have is InvalidAction for STS and NoSuchVersion for SQS', async () => {
  expectCode(await call('POST', '/', signedForm('sts', 'Action=GetCallerIdentity&Version=1999-01-01')), 400,
    '<Code>InvalidAction</Code><Message>Could not find operation GetCallerIdentity for version 1999-01-01</Message>');
  expectCode(await call('POST', '/', signedForm('sqs', 'Action=ListQueues&Version=1999-01-01')), 400, /<Code>NoSuchVersion<\/Code><Message>The requested version \(1999-01-01\) of service AmazonSQS does not exist/);
  assert.equal((await call('POST', '/', signedForm('sqs', 'Action=ListQueues&Version=2012-11-05'))).status, 200);
});

const illFormed = (before: string, after: string): Buffer => Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);

test('ill-formed UTF-8 in an S3 key or query parameter is InvalidURI 400 and stores nothing', async () => {
  expectCode(await call('PUT', `/${BUCKET}/a%FFb`, { body: 'x' }), 400, "<Code>InvalidURI</Code><Message>Couldn't parse the specified URI.</Message>");
  expectCode(await call('GET', `/${BUCKET}?list-type=2&prefix=%C3`), 400, '<Code>InvalidURI</Code>');
  const list = await call('GET', `/${BUCKET}?list-type=2`);
  assert.equal(list.text.includes('<Key>a'), false, list.text);
  // Well-formed multi-byte keys are fine.
  assert.equal((await call('PUT', `/${BUCKET}/caf%C3%A9`, { body: 'x' })).status, 200);
});

test('ill-formed UTF-8 in an XML, JSON or form body is MalformedXML, SerializationException or MalformedQueryString', async () => {
  expectCode(await call('POST', `/${BUCKET}?delete`, { headers: { 'content-type': 'application/xml' }, body: illFormed('<Delete><Object><Key>k', '</Key></Object></Delete>') }),
    400, '<Code>MalformedXML</Code>');
  assert.equal((await call('GET', `/${BUCKET}/k`)).status, 200, 'nothing was deleted');
  const ddb = await call('POST', '/', { ...json('DynamoDB_20120810.PutItem', ''), body: illFormed(`{"TableName":"${TABLE}","Item":{"pk":{"S":"`, '"}}}') });
  expectCode(ddb, 400, 'SerializationException');
  const sqs = await call('POST', '/', { ...json('AmazonSQS.SendMessage', ''), body: illFormed(`{"QueueUrl":"${queueUrl}","MessageBody":"`, '"}') });
  expectCode(sqs, 400, 'SerializationException');
  const query = await call('POST', '/', signedForm('sqs', `Action=SendMessage&Version=2012-11-05&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=a%FFb`));
  expectCode(query, 404, '<Code>MalformedQueryString</Code><Message>The query string contains a syntax error.</Message>');
  assert.match(query.text, /^<\?xml[^>]*>\s*<ErrorResponse/);
  const raw = await call('POST', '/', { ...signedForm('sqs', ''), body: illFormed(`Action=SendMessage&Version=2012-11-05&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=a`, 'b') });
  expectCode(raw, 404, 'MalformedQueryString');
  const received = await call('POST', '/', json('AmazonSQS.ReceiveMessage', { QueueUrl: queueUrl }));
  assert.equal(received.text.includes('MessageId'), false, `no message was sent: ${received.text}`);
});

test('Transfer-Encoding with a coding besides chunked is 501 NotImplemented naming the header, and stores nothing', async () => {
  const { connect } = await import('node:net');
  const { gzipSync } = await import('node:zlib');
  const port = Number(new URL(kumo.url).port);
  const gz = gzipSync(Buffer.from('compressed body'));
  const send = (head: string, body: Buffer): Promise<string> => new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.concat([Buffer.from(head), Buffer.from(`${gz.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  const s3 = await send(`PUT /${BUCKET}/gz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n`, gz);
  assert.match(s3, /^HTTP\/1\.1 501 /);
  assert.match(s3, /<Code>NotImplemented<\/Code><Message>A header you provided implies functionality that is not implemented<\/Message><Header>Transfer-Encoding<\/Header>/);
  assert.equal((await call('GET', `/${BUCKET}/gz`)).status, 404);
  const ddb = await send('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\n' +
    'Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n', gz);
  assert.match(ddb, /^HTTP\/1\.1 501 /);
  assert.match(ddb, /"__type":"NotImplemented"/);
});

test('an unsigned query request with a Version no service has gets the query error of the service with that Action, not S3 405', async () => {
  const sts = await call('POST', '/', form('Action=GetCallerIdentity&Version=2099-01-01'));
  expectCode(sts, 400, '<Code>InvalidAction</Code><Message>Could not find operation GetCallerIdentity for version 2099-01-01</Message>');
  const sqs = await call('POST', '/', form('Action=ListQueues&Version=2099-01-01'));
  expectCode(sqs, 400, '<Code>NoSuchVersion</Code><Message>The requested version (2099-01-01) of service AmazonSQS does not exist</Message>');
  expectCode(await call('GET', '/?Action=ListQueues&Version=2099-01-01'), 400, '<Code>NoSuchVersion</Code>');
  const unknown = await call('POST', '/', form('Action=NoSuchThing&Version=2099-01-01'));
  expectCode(unknown, 400, '<Code>InvalidAction</Code>');
  assert.match(unknown.text, /<ErrorResponse/);
});
