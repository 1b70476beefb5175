// Whether a bucket policy lets Elastic Load Balancing write access logs, judged by kumo's IAM policy evaluator even
// when enforcement is off, as AWS checks it when logging is enabled (ALB/CLB/NLB guides, "Bucket permissions").
import { compilePolicy } from '../../../iam/compile.js';
import { RequestContextKeys } from '../../../iam/context.js';
import { evaluate } from '../../../iam/evaluate.js';
import type { Principal } from '../../../iam/principal.js';

/** The Elastic Load Balancing account per Region that ALB and CLB policies may name (ALB guide, "Regions available
 *  before August 2022"); newer Regions name the log delivery service instead. */
export const ELB_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
};

/** ALB and CLB deliver as this service principal (or the Region's ELB account); NLB as CloudWatch Logs' delivery. */
export const ELB_LOG_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';
export const NLB_LOG_SERVICE = 'delivery.logs.amazonaws.com';

export interface DeliveryCheck {
  kind: 'app' | 'net' | 'classic';
  account: string;
  region: string;
  bucket: string;
  /** The object key the test file goes to (`[prefix/]AWSLogs/<acct>/ELBAccessLogTestFile`). */
  key: string;
  lbArn: string;
}

function principals(c: DeliveryCheck): Principal[] {
  // A service principal is judged within the bucket's account: the policy naming it is what grants.
  if (c.kind === 'net') return [{ type: 'service', service: NLB_LOG_SERVICE, arn: NLB_LOG_SERVICE, account: c.account }];
  const out: Principal[] = [{ type: 'service', service: ELB_LOG_SERVICE, arn: ELB_LOG_SERVICE, account: c.account }];
  const elbAccount = ELB_ACCOUNTS[c.region];
  if (elbAccount) out.push({ type: 'root', arn: `arn:aws:iam::${elbAccount}:root`, account: elbAccount, userId: elbAccount });
  return out;
}

/** True when the bucket's policy (JSON text, undefined when it has none) allows s3:PutObject of the test file. */
export function policyAllowsDelivery(policy: string | undefined, c: DeliveryCheck): boolean {
  if (!policy) return false;
  let compiled;
  try {
    compiled = compilePolicy(policy);
  } catch {
    return false;
  }
  const sourceArn = c.kind === 'net' ? `arn:aws:logs:${c.region}:${c.account}:delivery-source:${c.lbArn.split('/')[2] ?? ''}` : c.lbArn;
  const context = new RequestContextKeys({ 'aws:SourceAccount': c.account, 'aws:SourceArn': sourceArn, 's3:x-amz-acl': 'bucket-owner-full-control' });
  const resource = `arn:aws:s3:::${c.bucket}/${c.key}`;
  return principals(c).some((principal) => evaluate({ principal, action: 's3:PutObject', resource, resourceAccount: c.account, context }, { identity: [], resource: compiled }).decision === 'Allow');
}

/** AWS's answer when the policy does not allow delivery (the same text for ALB, NLB and CLB). */
export function accessDeniedMessage(bucket: string): string {
  return `Access Denied for bucket: ${bucket}. Please check S3bucket permission`;
}
