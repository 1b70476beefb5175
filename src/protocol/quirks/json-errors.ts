// Per-service departures in how awsJson errors name their type: some services send the qualified Smithy shape id
// (`com.amazonaws.sqs#QueueDoesNotExist`) in `__type` and x-amzn-ErrorType, others the bare shape name.
import type { ServiceModel } from '../../core/model.js';
import { SQS_JSON_ERROR_NAMESPACE } from './sqs.js';

/**
 * The Smithy namespace a service puts before its error shape names, by serviceId (botocore's models drop it).
 * SDKs strip it: SDK v3's sanitizeErrorCode and botocore's JSON parser keep what follows '#'.
 */
const JSON_ERROR_NAMESPACES: Readonly<Record<string, string>> = {
  SQS: SQS_JSON_ERROR_NAMESPACE,
};

/** `__type` / x-amzn-ErrorType for an error code: qualified where the service qualifies it, else unchanged. */
export function jsonErrorType(model: ServiceModel, code: string): string {
  const namespace = JSON_ERROR_NAMESPACES[model.metadata.serviceId ?? ''];
  return namespace === undefined || code.includes('#') ? code : `${namespace}#${code}`;
}
