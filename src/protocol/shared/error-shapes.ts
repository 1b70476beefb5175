// Finds the modeled error shape behind an AwsError, and the names every protocol derives from it: the shape
// name (json __type), the query code (`error.code`, e.g. SQS's AWS.SimpleQueueService.NonExistentQueue) and Sender/Receiver.
import type { AwsError } from '../../core/aws-error.js';
import type { OperationModel, ServiceModel, Shape } from '../../core/model.js';

export interface ErrorShapeInfo {
  name: string;
  shape: Shape;
}

/**
 * The error shape whose name or query code (`error.code`) equals the error's code: the operation's declared
 * errors first, then any exception shape of the model (errors such as ThrottlingException are often undeclared).
 */
export function findErrorShape(model: ServiceModel, operation: OperationModel | undefined, code: string): ErrorShapeInfo | undefined {
  for (const ref of operation?.errors ?? []) {
    const shape = model.shapes[ref.shape];
    if (shape && (ref.shape === code || shape.error?.code === code)) return { name: ref.shape, shape };
  }
  return modelErrorIndex(model).get(code);
}

const errorIndexes = new WeakMap<ServiceModel, Map<string, ErrorShapeInfo>>();

/** Every exception shape of a model by name and by query code, built once per model (EC2 has thousands of shapes). */
function modelErrorIndex(model: ServiceModel): Map<string, ErrorShapeInfo> {
  let index = errorIndexes.get(model);
  if (index) return index;
  index = new Map();
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (!(shape.exception === true || shape.error !== undefined)) continue;
    index.set(name, { name, shape });
  }
  for (const info of [...index.values()]) {
    const code = info.shape.error?.code;
    if (code !== undefined && !index.has(code)) index.set(code, info);
  }
  errorIndexes.set(model, index);
  return index;
}

/** The code a query client sees: an explicit queryCode, else the modeled `error.code`, else the plain code. */
export function queryErrorCode(error: AwsError, info: ErrorShapeInfo | undefined): string {
  return error.queryCode ?? info?.shape.error?.code ?? error.code;
}

/** The code a JSON/CBOR client sees in `__type`: the error shape's name when modeled. */
export function shapeErrorCode(error: AwsError, info: ErrorShapeInfo | undefined): string {
  return info?.name ?? error.code;
}

/** Query's <Type> and the suffix of x-amzn-query-error. */
export function faultType(error: AwsError): 'Sender' | 'Receiver' {
  return error.fault === 'server' ? 'Receiver' : 'Sender';
}

/** The member that carries the message: the shape's own spelling (`Message` in WAFv2, `message` in DynamoDB). */
export function messageMemberName(info: ErrorShapeInfo | undefined): string {
  const members = info?.shape.members ?? {};
  for (const name of ['message', 'Message', 'errorMessage', 'ErrorMessage']) {
    if (name in members) return name;
  }
  return 'message';
}
