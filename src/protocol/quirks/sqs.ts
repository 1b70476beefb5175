// SQS's departures from plain awsQuery and awsJson: old clients (boto2, early SDKs) POST to the queue's own path,
// `/<account>/<queue name>` without QueueUrl in the form; JSON errors name their type with SQS's Smithy namespace.
import type { OperationModel, ServiceModel } from '../../core/model.js';
import type { Input, WireRequest } from '../codec.js';

/**
 * SQS's JSON errors carry the qualified shape id, `{"__type":"com.amazonaws.sqs#QueueDoesNotExist"}` and the same in
 * x-amzn-ErrorType (SQS developer guide, "Interpreting Amazon SQS JSON API responses"); query errors keep their query codes.
 */
export const SQS_JSON_ERROR_NAMESPACE = 'com.amazonaws.sqs';

const QUEUE_PATH = /^\/(\d{12})\/([^/]+)\/?$/;

/**
 * Fills `QueueUrl` from the Host and path when the operation has that member, the form left it out and the path names
 * `/<account>/<queue>`; otherwise returns the input unchanged (a missing QueueUrl then fails validation as usual).
 */
export function sqsQueueUrlFromPath(model: ServiceModel, operation: OperationModel, req: WireRequest, input: Input): Input {
  if (input['QueueUrl'] !== undefined || !operation.input) return input;
  if (!model.shapes[operation.input.shape]?.members?.['QueueUrl']) return input;
  const match = QUEUE_PATH.exec(req.path);
  if (!match) return input;
  const host = req.headers['host'] ?? 'localhost:4566';
  return { ...input, QueueUrl: `http://${host}/${match[1]!}/${match[2]!}` };
}
