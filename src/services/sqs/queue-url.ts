// Queue names, URLs and ARNs: build `http://<host>/<account>/<name>` from the Host the client used, and read any
// URL form back (AWS's sqs.<region>.amazonaws.com, localhost:4566, LocalStack-style hosts) to an account and name.
import { AwsError } from '../../core/aws-error.js';
import { invalidParameterValue } from './errors.js';

export const MAX_QUEUE_NAME_LENGTH = 80;
const STANDARD_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
const URL_FORM = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]+)?\/([^/]+)\/([^/?#]+)\/?$/;
const ARN_FORM = /^arn:([^:]+):sqs:([^:]*):([^:]*):([^:]+)$/;

export interface QueueRef {
  account: string;
  name: string;
}

export interface QueueArn extends QueueRef {
  partition: string;
  region: string;
}

export function isFifoName(name: string): boolean {
  return name.endsWith('.fifo');
}

/** Throws InvalidParameterValue when the name breaks SQS's naming rules for its queue type. */
export function validateQueueName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!FIFO_NAME.test(name)) {
      throw invalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
    }
    return;
  }
  if (!STANDARD_NAME.test(name)) {
    throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
}

/** The queue URL as AWS shapes it, on the host the client is talking to (so it works behind any hostname). */
export function buildQueueUrl(host: string, account: string, name: string): string {
  return `http://${host || 'localhost:4566'}/${account}/${name}`;
}

/** A queue name alone, which SQS accepts in place of a QueueUrl (the caller's own queue). */
const BARE_NAME = /^[A-Za-z0-9_-]{1,80}(?:\.fifo)?$/;

/**
 * Reads any URL naming an account and a queue, or a bare queue name (in `account`, the caller's: SQS resolves a name
 * given as QueueUrl in the caller's account, issue 27); throws InvalidAddress for anything else.
 */
export function parseQueueUrl(url: string, account?: string): QueueRef {
  const invalid = (): AwsError => new AwsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, { queryCode: 'InvalidAddress' });
  const trimmed = url.trim();
  if (account !== undefined && BARE_NAME.test(trimmed)) return { account, name: trimmed };
  const match = URL_FORM.exec(trimmed);
  if (!match) throw invalid();
  try {
    return { account: decodeURIComponent(match[1]!), name: decodeURIComponent(match[2]!) };
  } catch {
    throw invalid(); // a broken % escape (…/q%zz) is an address no queue has
  }
}

export function buildQueueArn(region: string, account: string, name: string): string {
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

/** Reads `arn:<partition>:sqs:<region>:<account>:<name>`; undefined for anything else. */
export function parseQueueArn(arn: string): QueueArn | undefined {
  const match = ARN_FORM.exec(arn);
  if (!match) return undefined;
  return { partition: match[1]!, region: match[2]!, account: match[3]!, name: match[4]! };
}
