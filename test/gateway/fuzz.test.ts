// A seeded mutation fuzzer over valid requests of every protocol kumo speaks (S3 rest-xml, SQS json and query, DynamoDB
// json, STS query): every answer is below 500 (or 501 NotImplemented) and AWS-shaped, and the server serves afterwards.
// KUMO_FUZZ_SEED and KUMO_FUZZ_ITERATIONS widen a run; the defaults keep it to seconds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestKumo, type TestKumo } from '../support/kumo.js';
import { trustedS3Headers } from '../support/s3-trusted.js';
import { seededRandom } from '../support/seeded-random.js';

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}


const SEED = Number(process.env['KUMO_FUZZ_SEED'] ?? 20261206);
const ITERATIONS = Number(process.env['KUMO_FUZZ_ITERATIONS'] ?? 1500);

const jsonReq = (target: string, body: unknown): Req => ({
  method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body: Buffer.from(JSON.stringify(body)),
});
const queryReq = (body: string): Req => ({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body) });
// S3 seeds are signed: unsigned they would be anonymous, and the bucket is private.
const s3 = (method: string, path: string, body = '', headers: Record<string, string> = {}): Req => ({ method, path, headers: { ...trustedS3Headers(), ...headers }, body: Buffer.from(body) });

/** A POST Object form with a policy (its signature is checked only under --enforce-iam). */
function postForm(): Req {
  const boundary = 'fuzzboundary';
  const credential = 'test/20260101/us-east-1/s3/aws4_request';
  const policy = Buffer.from(JSON.stringify({
    expiration: '2099-01-01T00:00:00Z',
    conditions: [{ bucket: 'fuzz-bucket' }, ['starts-with', '$key', 'form/'], { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { 'x-amz-credential': credential }, { 'x-amz-date': '20260101T000000Z' }],
  })).toString('base64');
  const fields: Record<string, string> = {
    key: 'form/${filename}', policy, 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': credential, 'x-amz-date': '20260101T000000Z', 'x-amz-signature': '0'.repeat(64),
  };
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const body = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nform body\r\n--${boundary}--\r\n`;
  return { method: 'POST', path: '/fuzz-bucket', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.from(body) };
}

function seeds(queueUrl: string): Req[] {
  const q = encodeURIComponent(queueUrl);
  return [
    s3('PUT', '/fuzz-bucket/key.txt', 'hello world', { 'content-type': 'text/plain', 'x-amz-meta-a': 'b' }),
    s3('GET', '/fuzz-bucket/key.txt?response-content-type=text%2Fplain'),
    s3('GET', '/fuzz-bucket?list-type=2&prefix=k&max-keys=10&delimiter=%2F'),
    s3('PUT', '/fuzz-bucket?tagging', '<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>'),
    s3('PUT', '/fuzz-bucket?cors', '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>'),
    s3('PUT', '/fuzz-bucket?lifecycle', '<LifecycleConfiguration><Rule><ID>r</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>3</Days></Expiration></Rule></LifecycleConfiguration>'),
    s3('POST', '/fuzz-bucket?delete', '<Delete><Object><Key>nope</Key></Object></Delete>', { 'content-md5': 'ADOirCAc77oV+3ezLFIwUw==' }),
    s3('POST', '/fuzz-bucket/multi?uploads'),
    s3('PUT', '/fuzz-bucket/key.txt?tagging', '<Tagging><TagSet><Tag><Key>x</Key><Value>y</Value></Tag></TagSet></Tagging>'),
    s3('HEAD', '/fuzz-bucket/key.txt'),
    // Issue 25's operations: archive restore, inventory configurations, a browser form upload (POST Object).
    s3('PUT', '/fuzz-bucket/cold.txt', 'frozen', { 'x-amz-storage-class': 'GLACIER' }),
    s3('POST', '/fuzz-bucket/cold.txt?restore', '<RestoreRequest><Days>1</Days><GlacierJobParameters><Tier>Bulk</Tier></GlacierJobParameters></RestoreRequest>'),
    s3('PUT', '/fuzz-bucket?inventory&id=inv1', '<InventoryConfiguration><Id>inv1</Id><IsEnabled>true</IsEnabled><Destination><S3BucketDestination><Bucket>arn:aws:s3:::fuzz-bucket</Bucket><Format>CSV</Format></S3BucketDestination></Destination><Schedule><Frequency>Daily</Frequency></Schedule><IncludedObjectVersions>All</IncludedObjectVersions></InventoryConfiguration>'),
    postForm(),
    jsonReq('AmazonSQS.SendMessage', { QueueUrl: queueUrl, MessageBody: 'hi', MessageAttributes: { a: { DataType: 'String', StringValue: 'v' } } }),
    jsonReq('AmazonSQS.SendMessageBatch', { QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'b', MessageBody: 'y', DelaySeconds: 1 }] }),
    jsonReq('AmazonSQS.GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['All'] }),
    jsonReq('AmazonSQS.TagQueue', { QueueUrl: queueUrl, Tags: { k: 'v' } }),
    jsonReq('AmazonSQS.CreateQueue', { QueueName: 'fuzz-other', Attributes: { VisibilityTimeout: '30' } }),
    queryReq(`Action=SendMessage&Version=2012-11-05&QueueUrl=${q}&MessageBody=hello&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=v`),
    queryReq(`Action=DeleteMessageBatch&Version=2012-11-05&QueueUrl=${q}&DeleteMessageBatchRequestEntry.1.Id=a&DeleteMessageBatchRequestEntry.1.ReceiptHandle=abc`),
    queryReq('Action=GetCallerIdentity&Version=2011-06-15'),
    jsonReq('DynamoDB_20120810.PutItem', { TableName: 'fuzz-table', Item: { pk: { S: 'a' }, n: { N: '1.5' }, m: { M: { l: { L: [{ S: 'x' }, { BOOL: true }] } } } } }),
    jsonReq('DynamoDB_20120810.UpdateItem', {
      TableName: 'fuzz-table', Key: { pk: { S: 'a' } }, UpdateExpression: 'SET #n = if_not_exists(#n, :z) + :one REMOVE m.l[0]',
      ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':z': { N: '0' }, ':one': { N: '1' } },
    }),
    jsonReq('DynamoDB_20120810.Query', { TableName: 'fuzz-table', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' } }, Limit: 5 }),
    jsonReq('DynamoDB_20120810.TransactWriteItems', { TransactItems: [{ Put: { TableName: 'fuzz-table', Item: { pk: { S: 'b' } } } }, { Delete: { TableName: 'fuzz-table', Key: { pk: { S: 'c' } } } }] }),
    jsonReq('DynamoDB_20120810.BatchGetItem', { RequestItems: { 'fuzz-table': { Keys: [{ pk: { S: 'a' } }] } } }),
    jsonReq('DynamoDB_20120810.Scan', { TableName: 'fuzz-table', FilterExpression: 'attribute_exists(n) AND size(pk) > :s', ExpressionAttributeValues: { ':s': { N: '0' } } }),
  ];
}

/** Tokens that break parsers and validators in interesting ways. */
const TOKENS = ['null', '__proto__', 'constructor', '%', '%zz', '%E0%A4%A', '1e309', '-1', '3.5', '99999999999999999999', '[]', '{}', '"', '<', '>', '&', '\u0000',
  '\uffff', 'é', '日本', '\r\n', '0', '', '[null]', '{"S":null}', '<a/>', ']]>', '9'.repeat(100)];

function mutate(base: Req, rnd: () => number): Req {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: Req = { method: base.method, path: base.path, headers: { ...base.headers }, body: Buffer.from(base.body) };
  const rounds = 1 + Math.floor(rnd() * 3);
  for (let r = 0; r < rounds; r++) {
    const kind = Math.floor(rnd() * 7);
    if (kind <= 2 && out.body.length > 0) {
      // Splice a token (or random bytes) into the body at a random place.
      const at = Math.floor(rnd() * out.body.length);
      const cut = Math.floor(rnd() * 8);
      const insert = rnd() < 0.7 ? Buffer.from(pick(TOKENS)) : Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => Math.floor(rnd() * 256)));
      out.body = Buffer.concat([out.body.subarray(0, at), insert, out.body.subarray(Math.min(out.body.length, at + cut))]);
    } else if (kind === 3) {
      out.body = out.body.subarray(0, Math.floor(rnd() * out.body.length));
    } else if (kind === 4) {
      const q = out.path.indexOf('?');
      const at = q === -1 ? out.path.length : q + 1 + Math.floor(rnd() * (out.path.length - q));
      out.path = out.path.slice(0, at) + encodeURIComponent(pick(TOKENS)).replace(/%25/g, rnd() < 0.5 ? '%' : '%25') + out.path.slice(at);
    } else if (kind === 5) {
      const names = Object.keys(out.headers);
      if (names.length > 0) out.headers[pick(names)] = pick(TOKENS).replace(/[\r\n\u0000]/g, '').replace(/[^\x20-\x7e]/g, 'x');
    } else {
      out.method = pick(['GET', 'PUT', 'POST', 'DELETE', 'HEAD', out.method]);
    }
  }
  return out;
}

function send(port: number, r: Req): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> } | undefined> {
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: { ...r.headers, 'content-length': String(r.body.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
    } catch {
      resolve(undefined); // the client itself refuses this path or header: nothing reached kumo
      return;
    }
    req.on('error', reject);
    req.end(r.body);
  });
}

/** An AWS-shaped answer: success, a redirect/304, or an error naming a code in one of the protocols' shapes. */
function awsShaped(method: string, res: { status: number; body: string; headers: Record<string, string | string[] | undefined> }): boolean {
  if (res.status < 400) return true;
  if (method === 'HEAD') return true;
  return /<Code>[^<]+<\/Code>/.test(res.body) || /"__type"\s*:/.test(res.body) || res.headers['x-amzn-errortype'] !== undefined || /"error"\s*:/.test(res.body);
}

let kumo: TestKumo;
let queueUrl: string;
before(async () => {
  kumo = await startTestKumo();
  const port = Number(new URL(kumo.url).port);
  await send(port, s3('PUT', '/fuzz-bucket'));
  await send(port, jsonReq('DynamoDB_20120810.CreateTable', {
    TableName: 'fuzz-table', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
  }));
  const created = await send(port, jsonReq('AmazonSQS.CreateQueue', { QueueName: 'fuzz-queue' }));
  queueUrl = (JSON.parse(created!.body) as { QueueUrl: string }).QueueUrl;
});
after(async () => {
  await kumo.stop();
});

test(`mutated requests of every protocol never get a 5xx other than 501, and every answer is AWS-shaped (seed ${SEED})`, async () => {
  const port = Number(new URL(kumo.url).port);
  const bases = seeds(queueUrl);
  for (const base of bases) {
    const res = await send(port, base);
    assert.ok(res && res.status < 400, `seed request ${base.method} ${base.path} ${base.headers['x-amz-target'] ?? ''} failed: ${res?.status} ${res?.body}`);
  }
  const rnd = seededRandom(SEED);
  const failures: string[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const m = mutate(bases[i % bases.length]!, rnd);
    const res = await send(port, m);
    if (!res) continue;
    if ((res.status >= 500 && res.status !== 501) || !awsShaped(m.method, res)) {
      failures.push(`#${i} ${m.method} ${m.path} ${JSON.stringify(m.headers)} ${JSON.stringify(m.body.toString('latin1').slice(0, 200))} → ${res.status} ${res.body.slice(0, 200)}`);
      if (failures.length >= 5) break;
    }
  }
  assert.deepEqual(failures, []);
  const health = await send(port, s3('GET', '/_kumo/health'));
  assert.equal(health?.status, 200, 'the server still serves');
});
