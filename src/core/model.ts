// Types for AWS service models in botocore's service-2.json format, which every codec interprets.
// The same shape is used by the vendored models, the generated runtime IR and AWS's protocol test vectors.

export type Protocol = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml' | 'smithy-rpc-v2-cbor';

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: Protocol;
  protocols?: Protocol[];
  jsonVersion?: string;
  targetPrefix?: string;
  signingName?: string;
  signatureVersion?: string;
  serviceId: string;
  serviceFullName?: string;
  globalEndpoint?: string;
  xmlNamespace?: string;
  awsQueryCompatible?: Record<string, unknown>;
  uid?: string;
}

export interface HttpBinding {
  method: string;
  requestUri: string;
  responseCode?: number;
}

export interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  xmlAttribute?: boolean;
  flattened?: boolean;
  queryName?: string;
  timestampFormat?: TimestampFormat;
  jsonvalue?: boolean;
  streaming?: boolean;
  idempotencyToken?: boolean;
  hostLabel?: boolean;
  eventpayload?: boolean;
  deprecated?: boolean;
}

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export interface OperationModel {
  name: string;
  http: HttpBinding;
  input?: ShapeRef & { locationName?: string; xmlNamespace?: { uri: string } };
  output?: ShapeRef & { resultWrapper?: string; locationName?: string };
  errors?: ShapeRef[];
  endpoint?: { hostPrefix: string };
  httpChecksum?: Record<string, unknown>;
  /** Smithy requestCompression: the client may gzip the body as transport (CloudWatch PutMetricData). */
  requestcompression?: { encodings: string[] };
  deprecated?: boolean;
}

export type ShapeType =
  | 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean'
  | 'blob' | 'timestamp' | 'bigdecimal' | 'biginteger' | 'byte' | 'short' | 'character';

export interface Shape {
  type: ShapeType;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  flattened?: boolean;
  locationName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  payload?: string;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  timestampFormat?: TimestampFormat;
  streaming?: boolean;
  requiresLength?: boolean;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  fault?: boolean;
  union?: boolean;
  sensitive?: boolean;
  document?: boolean;
  event?: boolean;
  eventstream?: boolean;
  box?: boolean;
  jsonvalue?: boolean;
  wrapper?: boolean;
}

export interface ServiceModel {
  version?: string;
  metadata: ServiceMetadata;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

/** Looks a shape up by name; a missing shape is a model bug, so it throws. */
export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`model ${model.metadata.serviceId}: unknown shape ${name}`);
  return shape;
}
