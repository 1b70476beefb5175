// AwsError: the one exception type providers throw and codecs serialize into each protocol's error shape.
// Common errors live here; per-service modeled errors are generated or built with `awsError`.

export interface AwsErrorOptions {
  status?: number;
  fault?: 'client' | 'server';
  /** The code query-compatible JSON services put in `x-amzn-query-error` (e.g. SQS's AWS.SimpleQueueService.NonExistentQueue). */
  queryCode?: string;
  /** Extra members serialized beside Code and Message (S3's Key, BucketName; DynamoDB's CancellationReasons). */
  fields?: Record<string, unknown>;
  /** Extra response headers (S3's x-amz-delete-marker on a 404 for a delete marker, Allow on 405). */
  headers?: Record<string, string>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: 'client' | 'server';
  readonly queryCode: string | undefined;
  readonly fields: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? (this.status >= 500 ? 'server' : 'client');
    this.queryCode = options.queryCode;
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

/** 501 for any operation or feature kumo does not implement yet: never a silent success. */
export function notImplemented(service: string, operation: string, feature?: string): AwsError {
  const what = feature ? `${service} ${operation}: ${feature}` : `${service} ${operation}`;
  return new AwsError('NotImplemented', `kumo does not implement ${what} yet.`, { status: 501, fault: 'server' });
}

export function internalFailure(): AwsError {
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', {
    status: 500,
    fault: 'server',
  });
}

/** Generic JSON/query protocol validation error (the name most AWS services use for input validation). */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', message, { status: 400 });
}

export function missingParameter(name: string): AwsError {
  return new AwsError('MissingParameter', `The request must contain the parameter ${name}.`, { status: 400 });
}

/** What a service model says about one of its errors (src/generated/<id>/errors.ts). */
export interface ModeledErrorFacts {
  readonly code: string;
  readonly status: number;
  readonly fault: 'client' | 'server';
  readonly queryCode?: string;
}

/** Options a caller may still set on a modeled error; code, status, fault and query code come from the model. */
export type ModeledErrorOptions = Omit<AwsErrorOptions, 'status' | 'fault' | 'queryCode'>;

/** A factory of a service's modeled errors by shape name, with the given message (AWS's wording). */
export function modeledErrorFactory<N extends string>(errors: Readonly<Record<N, ModeledErrorFacts>>) {
  return (name: N, message: string, options: ModeledErrorOptions = {}): AwsError => {
    const facts = errors[name];
    return new AwsError(facts.code, message, { ...options, status: facts.status, fault: facts.fault, ...(facts.queryCode ? { queryCode: facts.queryCode } : {}) });
  };
}
