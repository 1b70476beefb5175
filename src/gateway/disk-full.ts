// A full disk answered in each service's own 5xx (never a bare InternalFailure), with the reserve released so that
// deletes keep working; while the reserve cannot be taken back, writes are refused before they touch the stores.
import { AwsError } from '../core/aws-error.js';
import type { Logger } from '../core/logger.js';
import type { DiskReserve } from '../store/disk-reserve.js';
import type { Phase } from './pipeline.js';

/**
 * The service's retryable server error. S3: InternalError "We encountered an internal error. Please try again."
 * (test_s3_api.snapshot.json); DynamoDB: InternalServerError (its model's server fault); the query and JSON services'
 * common ServiceUnavailable 503 "The request has failed due to a temporary failure of the server." (AWS common errors).
 */
export function diskFullError(serviceId: string | undefined): AwsError {
  if (serviceId === 's3') return new AwsError('InternalError', 'We encountered an internal error. Please try again.', { status: 500 });
  if (serviceId === 'dynamodb' || serviceId === 'dynamodb-streams') {
    return new AwsError('InternalServerError', 'Internal server error', { status: 500 });
  }
  return new AwsError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', { status: 503 });
}

/** Operations that free space or only read: they run on a full disk (S3 DeleteObject, SQS DeleteMessage, DynamoDB DeleteItem). */
const RUNS_WHEN_FULL = /^(Delete|Get|Head|List|Describe|Abort|Purge|Remove|Untag)/;

export function mayRunWhenFull(operation: string): boolean {
  return RUNS_WHEN_FULL.test(operation);
}

/** Wraps dispatch: a write while the reserve is released is refused at once, with no state touched. */
export function guardDiskFull(reserve: DiskReserve, dispatch: Phase): Phase {
  return (ctx) => {
    if (ctx.operation && !mayRunWhenFull(ctx.request.operation) && !reserve.available()) throw diskFullError(ctx.serviceId);
    return dispatch(ctx);
  };
}

let lastLogged = -Infinity;

/** After the phases: a disk-full failure becomes the service's 5xx and frees the reserve (logged at most once a minute). */
export function answerDiskFull(error: unknown, serviceId: string | undefined, reserve: DiskReserve, logger: Logger, now: number): AwsError {
  reserve.release();
  if (now - lastLogged > 60_000) {
    lastLogged = now;
    logger.error(`kumo: the disk holding the data dir is full (${(error as { code?: string }).code ?? 'ENOSPC'}): writes are refused; ` +
      'deletes still work, so objects, items or messages can be removed to free space');
  }
  return diskFullError(serviceId);
}
