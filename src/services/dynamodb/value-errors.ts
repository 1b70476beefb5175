// Attribute-value errors (malformed numbers, duplicate set members) whose wording depends on which of DynamoDB's
// two validation layers an operation runs (paritysuite/dynamodb-conformance tests/tier3/error-messages/
// valueLayers.test.ts, captured from AWS): PutItem/UpdateItem/DeleteItem wrap the current wording in
// "1 validation error detected: ", GetItem/BatchGetItem/Query give it bare, and BatchWriteItem,
// TransactWriteItems, TransactGetItems and Scan give the older wording.
import { AwsError, isAwsError } from '../../core/aws-error.js';

export type ValueLayer = 'current' | 'enveloped' | 'older';

export type ValueProblem =
  | { readonly kind: 'unconvertible'; readonly input: string }
  | { readonly kind: 'overflow' | 'underflow' | 'precision' }
  | { readonly kind: 'duplicates'; readonly type: 'SS' | 'NS' | 'BS'; readonly members: readonly string[] };

const OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
const UNDERFLOW = 'Number underflow. Attempting to store a number with magnitude smaller than supported range';
const PRECISION = 'Attempting to store more than 38 significant digits in a Number';
const INVALID = 'One or more parameter values were invalid: ';

/** A ValidationException that remembers its problem, so an operation can re-word it for its layer. */
export class ValueError extends AwsError {
  constructor(readonly problem: ValueProblem) {
    super('ValidationException', valueMessage(problem, 'current'), { status: 400 });
  }
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The current layer lists members in byte order up to the first repeat, then the repeat, then the rest as sent. */
function currentOrder(members: readonly string[], bytesOf: (m: string) => Buffer): string[] {
  const seen = new Set<string>();
  let repeat = members.length;
  for (let i = 0; i < members.length; i++) {
    if (seen.has(members[i]!)) {
      repeat = i;
      break;
    }
    seen.add(members[i]!);
  }
  const head = members.slice(0, repeat).sort((a, b) => Buffer.compare(bytesOf(a), bytesOf(b)));
  return [...head, ...members.slice(repeat)];
}

export function valueMessage(p: ValueProblem, layer: ValueLayer): string {
  const older = layer === 'older';
  switch (p.kind) {
    case 'unconvertible':
      return older && p.input === '' ? 'The parameter cannot be converted to a numeric value' : `The parameter cannot be converted to a numeric value: ${p.input}`;
    case 'overflow':
      return OVERFLOW;
    case 'underflow':
      return UNDERFLOW;
    case 'precision':
      return PRECISION;
    case 'duplicates': {
      if (p.type === 'NS') return older ? 'Input collection contains duplicates' : `${INVALID}Input collection contains duplicates.`;
      if (older) {
        return `${INVALID}Input collection [${p.members.join(', ')}]${p.type === 'BS' ? 'of type BS' : ''} contains duplicates.`;
      }
      if (p.type === 'BS') {
        const ordered = currentOrder(p.members, (m) => Buffer.from(m, 'base64'));
        return `${INVALID}Input collection [${ordered.map((m) => `"${m}"`).join(',')}]of type BS contains duplicates.`;
      }
      const ordered = currentOrder(p.members, (m) => Buffer.from(m, 'utf8'));
      return `${INVALID}Input collection [${ordered.map((m) => `"${m}"`).join(', ')}] contains duplicates.`;
    }
  }
}

/**
 * A request-validation error (expression syntax and placeholders, ReturnValues, legacy condition shapes): PutItem,
 * UpdateItem and DeleteItem answer it inside "1 validation error detected: ", other operations bare
 * (paritysuite/dynamodb-conformance tests/tier3/error-messages/deleteItem.test.ts "request validation envelope").
 */
export class RequestValidationError extends AwsError {
  constructor(message: string) {
    super('ValidationException', message, { status: 400 });
  }
}

export function requestValidation(message: string): RequestValidationError {
  return new RequestValidationError(message);
}

export function isValueError(e: unknown): e is ValueError {
  return e instanceof ValueError;
}

/** Runs fn, re-wording any ValueError for the operation's validation layer. */
export function inLayer<T>(layer: ValueLayer, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RequestValidationError && layer === 'enveloped') {
      throw new AwsError('ValidationException', `1 validation error detected: ${e.message}`, { status: 400 });
    }
    if (!isValueError(e) || layer === 'current') throw e;
    const message = valueMessage(e.problem, layer);
    throw new AwsError('ValidationException', layer === 'enveloped' ? `1 validation error detected: ${message}` : message, { status: 400 });
  }
}

export { byteOrder, isAwsError };
