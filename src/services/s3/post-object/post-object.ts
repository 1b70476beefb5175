// S3's POST Object (browser form uploads, presigned POST): the form is read as it streams (the file to a temporary
// file), its policy and signature checked, then the object is stored by an in-process PutObject through the gateway,
// so authorization, checksums, notifications and versioning are PutObject's; the answer follows success_action_*.
import { createReadStream } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { AwsError } from '../../../core/aws-error.js';
import { accountForAccessKey } from '../../../auth/sigv4.js';
import { markEdgeRequest, type EdgeIdentity } from '../../../gateway/edge-identity.js';
import { DEFAULT_SECRET_ACCESS_KEY } from '../../../gateway/phases/authenticate.js';
import type { GatewayRequest } from '../../../gateway/pipeline-context.js';
import type { Principal } from '../../../iam/principal.js';
import type { WireRequest, WireResponse } from '../../../protocol/codec.js';
import { rootPrincipal, type IamInternal } from '../../iam/credentials.js';
import type { BucketRow } from '../buckets/bucket-store.js';
import { noSuchBucket } from '../s3-errors.js';
import type { S3State } from '../s3-state.js';
import { boundaryOf, malformedPost, readForm, type FileSink, type ParsedForm } from './form-data.js';
import { checkFileSize, checkPolicy, parsePostPolicy, type PostPolicy } from './post-policy.js';
import { checkPostSignature, postCredentials } from './post-signature.js';
import { objectHeaders, postAnswer } from './post-response.js';

export interface PostObjectEnv {
  enforceIam: boolean;
  defaultAccount: string;
  /** The port kumo listens on, for the in-process PutObject's Host. */
  port: number;
  gateway: { handle(request: GatewayRequest): Promise<WireResponse> } | undefined;
  iam(): Promise<IamInternal | undefined>;
}

/** POST to a bucket (path style after rewrite), no key, no sub-resource: POST Object. */
export function isPostObjectRequest(req: WireRequest): boolean {
  return req.method === 'POST' && req.query === '' && /^\/[^/]+\/?$/.test(req.path);
}

function preconditionFailed(): AwsError {
  // test_s3.snapshot.json TestS3PresignedPost test_post_object_with_wrong_content_type.
  return new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    status: 412, fields: { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' },
  });
}

function missingKey(): AwsError {
  return new AwsError('InvalidArgument', "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", {
    status: 400, fields: { ArgumentName: 'key' },
  });
}

function noFile(): AwsError {
  return new AwsError('InvalidArgument', 'POST requires exactly one file upload per request.', { status: 400, fields: { ArgumentName: 'file', ArgumentValue: '0' } });
}

interface Authorized {
  principal: Principal;
  policy: PostPolicy | undefined;
}

/** Signature (under --enforce-iam) and policy, checked once every field before the file is known. */
async function authorizeForm(env: PostObjectEnv, s: S3State, bucket: BucketRow, fields: ReadonlyMap<string, string>): Promise<Authorized> {
  if (!fields.has('key')) throw missingKey();
  const policyField = fields.get('policy');
  if (policyField === undefined) {
    // No policy: an anonymous upload (test_post_request_missing_fields, exception-no-sig-related-fields: AccessDenied
    // for a private bucket), which the bucket's policy and ACLs judge in every mode, as for any unsigned request.
    const principal: Principal = { type: 'anonymous', arn: '*', account: 'anonymous' };
    return { principal, policy: undefined };
  }
  const creds = postCredentials(fields);
  let principal = rootPrincipal(env.enforceIam ? accountForAccessKey(creds.accessKeyId, env.defaultAccount) : bucket.account);
  if (env.enforceIam) {
    let secret = DEFAULT_SECRET_ACCESS_KEY;
    if (creds.accessKeyId !== 'test' && !/^\d{12}$/.test(creds.accessKeyId)) {
      const found = (await env.iam())?.lookup(creds.accessKeyId, creds.securityToken, s.exactNow());
      if (found?.status === 'expired') throw new AwsError('ExpiredToken', 'The provided token has expired.', { status: 400 });
      if (found?.status !== 'ok') {
        throw new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { status: 403, fields: { AWSAccessKeyId: creds.accessKeyId } });
      }
      secret = found.secret;
      principal = found.principal;
    }
    checkPostSignature(creds, secret, policyField);
  }
  const policy = parsePostPolicy(policyField);
  checkPolicy(policy, fields, bucket.name, s.exactNow());
  return { principal, policy };
}

/** The temporary file the upload streams into: opened when the file part starts, removed when the request ends. */
class TempFile implements FileSink {
  readonly path = join(tmpdir(), `kumo-post-${randomUUID()}`);
  private handle: FileHandle | undefined;

  async open(): Promise<void> {
    this.handle = await open(this.path, 'wx', 0o600);
  }

  async write(chunk: Buffer): Promise<void> {
    let done = 0;
    while (done < chunk.length) done += (await this.handle!.write(chunk, done)).bytesWritten;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  async remove(): Promise<void> {
    await this.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export async function servePostObject(env: PostObjectEnv, s: S3State, req: WireRequest, body: Buffer | Readable): Promise<WireResponse> {
  const bucketName = decodeURIComponent(req.path.replace(/^\/|\/$/g, ''));
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(contentType)) throw preconditionFailed();
  const bucket = s.buckets.get(bucketName);
  if (!bucket) throw noSuchBucket(bucketName);
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) throw malformedPost();
  if (!env.gateway) throw new AwsError('NotImplemented', 'S3 PostObject needs the gateway (not available in this harness).', { status: 501 });

  const temp = new TempFile();
  let authorized: Authorized | undefined;
  try {
    const stream = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    const form: ParsedForm = await readForm(stream, boundary, async (_part, fields) => {
      authorized = await authorizeForm(env, s, bucket, fields);
      await temp.open();
      return temp;
    });
    await temp.close();
    if (!form.file) {
      await authorizeForm(env, s, bucket, form.fields);
      throw noFile();
    }
    const { principal, policy } = authorized!;
    if (policy) checkFileSize(policy, form.file.size);
    const key = form.fields.get('key')!.replaceAll('${filename}', form.file.filename ?? '${filename}');
    const identity: EdgeIdentity = { principal, context: {}, scope: { account: principal.type === 'anonymous' ? bucket.account : principal.account, region: bucket.region } };
    const headers = { ...objectHeaders(form.fields), host: `127.0.0.1:${env.port}`, 'content-length': String(form.file.size) };
    const file = createReadStream(temp.path);
    // A refusal before PutObject reads the body leaves the stream unopened until after the file is gone.
    file.on('error', () => undefined);
    const put = markEdgeRequest({ method: 'PUT', url: `/${encodeURIComponent(bucket.name)}/${encodeKey(key)}`, headers, body: file }, identity);
    const res = await env.gateway.handle(put).finally(() => file.destroy());
    if (res.status !== 200) return res;
    return postAnswer(req, bucket.name, key, res, form.fields);
  } finally {
    await temp.remove();
  }
}
