// Where a service's wire format departs from its protocol, as one table keyed by the model's serviceId, so the
// shared codecs ask `quirksOf(model)` instead of branching on service names. Each entry lives in its own file.
import type { AwsError } from '../../core/aws-error.js';
import type { OperationModel, ServiceModel } from '../../core/model.js';
import type { Input, Output, WireRequest } from '../codec.js';
import type { XmlNode } from '../shared/xml.js';
import { S3_NAMESPACE, s3BodylessContentType, s3BucketLocationBody, s3ErrorBody, s3ResponseStatus, s3RootElement } from './s3.js';
import { sqsQueueUrlFromPath } from './sqs.js';

export interface CodecQuirks {
  /** rest-xml: the response status when the model's binding is not the whole story (S3's 206 for ranges). */
  responseStatus?(operation: string, output: Output, modeled: number): number;
  /** rest-xml: an output body whose root is not a structure (S3 GetBucketLocation's bare LocationConstraint). */
  bareOutputBody?(operation: string, output: Output): XmlNode | undefined;
  /** rest-xml: root element names the model does not carry (S3's ListBucketResult, …). */
  rootElement?(operation: string): string | undefined;
  /** rest-xml: the error document, replacing <ErrorResponse> (S3's bare <Error>); `head` errors have no body. */
  errorBody?(error: AwsError, requestId: string, fieldNodes: XmlNode[]): XmlNode;
  /** rest-xml: the Content-Type of an operation's bodyless response, when the service sends one (S3 HeadBucket). */
  bodylessContentType?(operation: string): string | undefined;
  /** Errors to HEAD requests carry the status alone (S3). */
  bodylessHeadErrors?: boolean;
  /** rest-xml: the namespace of responses when the model names none (S3). */
  defaultNamespace?: string;
  /** query: fills input the request carries outside the form (SQS's queue path of old clients). */
  completeInput?(model: ServiceModel, operation: OperationModel, req: WireRequest, input: Input): Input;
}

const NONE: CodecQuirks = {};

/** Keyed by the model's metadata.serviceId. */
const QUIRKS: Readonly<Record<string, CodecQuirks>> = {
  S3: {
    responseStatus: s3ResponseStatus,
    bareOutputBody: (operation, output) => (operation === 'GetBucketLocation' ? s3BucketLocationBody(output) : undefined),
    rootElement: s3RootElement,
    errorBody: s3ErrorBody,
    bodylessHeadErrors: true,
    bodylessContentType: s3BodylessContentType,
    defaultNamespace: S3_NAMESPACE,
  },
  SQS: {
    completeInput: sqsQueueUrlFromPath,
  },
};

export function quirksOf(model: ServiceModel): CodecQuirks {
  return QUIRKS[model.metadata.serviceId] ?? NONE;
}
