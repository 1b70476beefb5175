// The POST policy document of a browser upload (S3 API reference, "Creating a POST policy"): its expiration and
// conditions (exact match, starts-with, content-length-range) checked against the form, with S3's error answers.
import { AwsError } from '../../../core/aws-error.js';

export type Condition =
  | { kind: 'eq' | 'starts-with'; field: string; value: string; text: string }
  | { kind: 'content-length-range'; min: number; max: number; text: string };

export interface PostPolicy {
  expiration: number;
  conditions: Condition[];
}

function invalidPolicy(message: string): AwsError {
  return new AwsError('InvalidPolicyDocument', `Invalid Policy: ${message}`, { status: 400 });
}

function deniedByPolicy(reason: string): AwsError {
  return new AwsError('AccessDenied', `Invalid according to Policy: ${reason}`, { status: 403 });
}

/** A condition as S3 quotes it in its refusal: `["eq", "$key", "a"]` (test_s3.snapshot.json, TestS3PresignedPost). */
function quote(parts: readonly unknown[]): string {
  return `[${parts.map((p) => JSON.stringify(typeof p === 'string' ? p : String(p))).join(', ')}]`;
}

/** Field names in conditions start with `$` and match form fields case-insensitively. */
function fieldName(raw: string): string {
  return raw.startsWith('$') ? raw.slice(1).toLowerCase() : `\u0000${raw}`;
}

function parseCondition(c: unknown): Condition {
  if (Array.isArray(c)) {
    const op = typeof c[0] === 'string' ? c[0].toLowerCase() : undefined;
    if (op === 'content-length-range') {
      if (c.length !== 3) throw invalidPolicy('Invalid content-length-range condition: wrong number of arguments.');
      const min = Number(c[1]);
      const max = Number(c[2]);
      const text = quote(c);
      // A bound that is not a whole number fails the condition (test_post_object_policy_validation_size,
      // invalid-content-length-wrong-type: ["content-length-range", "test", "10"] → AccessDenied).
      if (!Number.isInteger(min) || !Number.isInteger(max) || String(c[1]).trim() === '' || String(c[2]).trim() === '') throw deniedByPolicy(`Policy Condition failed: ${text}`);
      return { kind: 'content-length-range', min, max, text };
    }
    if (op === 'eq' || op === 'starts-with') {
      if (c.length !== 3 || typeof c[1] !== 'string' || typeof c[2] !== 'string') throw invalidPolicy(`Invalid ${op} condition: wrong number of arguments or bad types.`);
      return { kind: op, field: fieldName(c[1]), value: c[2], text: quote(c) };
    }
    throw invalidPolicy(`Invalid Condition: unknown operation ${JSON.stringify(c[0])}.`);
  }
  if (c !== null && typeof c === 'object') {
    const entries = Object.entries(c as Record<string, unknown>);
    // test_post_object_policy_conditions_validation_eq, invalid-condition-wrong-condition.
    if (entries.length !== 1) throw invalidPolicy('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    const [name, value] = entries[0]!;
    if (typeof value !== 'string') throw invalidPolicy(`Invalid Simple-Condition: value of ${name} must be a string.`);
    return { kind: 'eq', field: name.toLowerCase(), value, text: quote(['eq', `$${name}`, value]) };
  }
  throw invalidPolicy('Invalid Condition: conditions must be arrays or objects.');
}

/** Decodes the base64 policy field; an unreadable document is InvalidPolicyDocument. */
export function parsePostPolicy(base64: string): PostPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (expiration === undefined) throw invalidPolicy('Policy missing expiration.');
  const at = typeof expiration === 'string' ? Date.parse(expiration) : Number.NaN;
  if (!Number.isFinite(at)) throw invalidPolicy('Invalid \'expiration\' value: must be in ISO8601 GMT date format.');
  if (conditions === undefined) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(conditions)) throw invalidPolicy('Invalid \'conditions\' value: must be a List.');
  return { expiration: at, conditions: conditions.map(parseCondition) };
}

/** Fields every form may carry without a condition (S3: "except x-amz-signature, file, policy, and field names that
 *  have an x-ignore- prefix"), plus the SigV2 signature fields, which no policy can name. */
function exempt(name: string): boolean {
  return name === 'x-amz-signature' || name === 'file' || name === 'policy' || name === 'signature' || name === 'awsaccesskeyid' || name.startsWith('x-ignore-');
}

/**
 * Checks the form against the policy, except the file's size (checkFileSize, once it has arrived): expiry on the
 * runtime clock, each condition, then every field having a condition ("Extra input fields: …").
 * `fields` has lower-cased names; `bucket` is the bucket the URL names.
 */
export function checkPolicy(policy: PostPolicy, fields: ReadonlyMap<string, string>, bucket: string, now: number): void {
  if (now > policy.expiration) throw deniedByPolicy('Policy expired.');
  const covered = new Set<string>(['bucket']);
  for (const c of policy.conditions) {
    if (c.kind === 'content-length-range') continue;
    covered.add(c.field);
    const actual = c.field === 'bucket' ? bucket : fields.get(c.field);
    // Values compare case-sensitively (invalid-condition-wrong-value-casing, invalid-condition-starts-with-casing).
    const ok = c.kind === 'eq' ? actual === c.value : actual !== undefined && actual.startsWith(c.value);
    if (!ok) throw deniedByPolicy(`Policy Condition failed: ${c.text}`);
  }
  const extra = [...fields.keys()].filter((name) => !exempt(name) && !covered.has(name));
  if (extra.length > 0) throw deniedByPolicy(`Extra input fields: ${extra.join(', ')}`);
}

/** content-length-range against the received file (test_post_object_policy_validation_size: EntityTooLarge with
 *  MaxSizeAllowed and ProposedSize, EntityTooSmall with MinSizeAllowed and ProposedSize). */
export function checkFileSize(policy: PostPolicy, size: number): void {
  for (const c of policy.conditions) {
    if (c.kind !== 'content-length-range') continue;
    if (size > c.max) {
      throw new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        status: 400, fields: { ProposedSize: String(size), MaxSizeAllowed: String(c.max) },
      });
    }
    if (size < c.min) {
      throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
        status: 400, fields: { ProposedSize: String(size), MinSizeAllowed: String(c.min) },
      });
    }
  }
}
