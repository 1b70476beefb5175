// Turns a (patched) botocore model into kumo's runtime IR and the small per-service routing metadata.
// The IR keeps only what codecs and the pipeline read, so src/generated/<id>/model.json stays compact.

/** Operation keys the runtime reads; `authtype`/`auth` mark unsigned operations (STS AssumeRoleWithWebIdentity);
 *  `deprecated` lets REST routing prefer the current operation where two share a URI (S3 lifecycle, notification). */
const OPERATION_KEYS = ['name', 'http', 'input', 'output', 'errors', 'endpoint', 'httpChecksum', 'authtype', 'auth', 'deprecated'];
const DROPPED_SHAPE_KEYS = new Set(['documentation', 'documentationUrl', 'examples']);
const DROPPED_REF_KEYS = new Set(['documentation', 'documentationUrl']);

function cleanRef(ref) {
  const out = {};
  for (const [key, value] of Object.entries(ref)) if (!DROPPED_REF_KEYS.has(key)) out[key] = value;
  return out;
}

function cleanShape(shape) {
  const out = {};
  for (const [key, value] of Object.entries(shape)) {
    if (DROPPED_SHAPE_KEYS.has(key)) continue;
    if (key === 'members') {
      out.members = Object.fromEntries(Object.entries(value).map(([name, ref]) => [name, cleanRef(ref)]));
    } else if (key === 'member' || key === 'key' || key === 'value') {
      out[key] = cleanRef(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The runtime IR: metadata, operations (routing/codec keys only), every shape without documentation. */
export function buildIr(model) {
  const operations = {};
  for (const [name, op] of Object.entries(model.operations)) {
    const out = {};
    for (const key of OPERATION_KEYS) {
      if (op[key] === undefined) continue;
      if (key === 'input' || key === 'output') out[key] = cleanRef(op[key]);
      else if (key === 'errors') out[key] = op[key].map(cleanRef);
      else out[key] = op[key];
    }
    operations[name] = out;
  }
  const shapes = {};
  for (const [name, shape] of Object.entries(model.shapes)) shapes[name] = cleanShape(shape);
  return { metadata: model.metadata, operations, shapes };
}

/** The routing metadata GENERATED_SERVICES carries for one service, with AWS's defaults filled in. */
export function serviceMetadata(model) {
  const m = model.metadata;
  const out = {
    serviceId: m.serviceId,
    apiVersion: m.apiVersion,
    protocol: m.protocol,
    protocols: m.protocols ?? [m.protocol],
    endpointPrefix: m.endpointPrefix,
    signingName: m.signingName ?? m.endpointPrefix,
  };
  if (m.targetPrefix !== undefined) out.targetPrefix = m.targetPrefix;
  if (m.jsonVersion !== undefined) out.jsonVersion = m.jsonVersion;
  if (m.globalEndpoint !== undefined) out.globalEndpoint = m.globalEndpoint;
  out.awsQueryCompatible = m.awsQueryCompatible !== undefined;
  if (m.xmlNamespace !== undefined) out.xmlNamespace = m.xmlNamespace;
  return out;
}
