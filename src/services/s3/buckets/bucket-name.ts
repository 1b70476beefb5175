// S3 bucket naming and LocationConstraint rules: which names CreateBucket accepts and where a bucket lands.
// Pure functions throwing S3's exact errors (recordings cited beside each rule).
import { AwsError } from '../../../core/aws-error.js';

/** Regions a LocationConstraint may name (commercial partition), plus the legacy `EU` alias of eu-west-1. */
export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1', 'il-central-1', 'me-south-1',
  'me-central-1', 'mx-central-1', 'sa-east-1', 'us-gov-east-1', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1',
]);

const NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** True when `name` follows the general-purpose bucket naming rules
 *  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function isValidBucketName(name: string): boolean {
  if (!NAME.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (IP_ADDRESS.test(name)) return false;
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) return false;
  return !RESERVED_SUFFIXES.some((s) => name.endsWith(s));
}

/** Throws InvalidBucketName (test_s3.snapshot.json: TestS3::test_s3_uppercase_bucket_name). */
export function requireValidBucketName(name: string): void {
  if (!isValidBucketName(name)) {
    throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', { status: 400, fields: { BucketName: name } });
  }
}

/**
 * The region a new bucket lives in, given the region the request was signed for and its LocationConstraint.
 * us-east-1 (the global endpoint) accepts no constraint or any other known region, but rejects `us-east-1` itself and
 * unknown names with InvalidLocationConstraint; every other region requires the constraint to equal it and answers
 * IllegalLocationConstraintException otherwise (test_s3.snapshot.json: TestS3::test_different_location_constraint,
 * test_create_bucket_with_invalid_location_constraint[*], test_bucket_constraint_aws_global[*],
 * test_create_bucket_with_eu_location_constraint[_raises]).
 */
export function resolveBucketRegion(requestRegion: string, constraint: string | undefined): string {
  const given = constraint === undefined || constraint === '' ? undefined : constraint;
  if (requestRegion === 'us-east-1') {
    if (given === undefined) return 'us-east-1';
    if (given === 'EU') return 'eu-west-1';
    if (given === 'us-east-1' || !KNOWN_REGIONS.has(given)) {
      throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', {
        status: 400,
        fields: { LocationConstraint: given },
      });
    }
    return given;
  }
  if (given === requestRegion) return given;
  throw new AwsError(
    'IllegalLocationConstraintException',
    `The ${given ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    { status: 400 },
  );
}

/** GetBucketLocation's answer: null (empty) for us-east-1, `EU` when the bucket was created with that alias. */
export function locationConstraintOf(region: string, createdWith: string | undefined): string | undefined {
  if (createdWith === 'EU') return 'EU';
  return region === 'us-east-1' ? undefined : region;
}
