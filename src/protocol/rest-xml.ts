// The rest-xml codec (S3, Route 53, CloudFront), server side: parses requests bound to URI, query, headers and
// XML bodies, and writes outputs and errors as AWS does (S3's bare <Error> and namespaces live in quirks/s3.ts).
import { AwsError } from '../core/aws-error.js';
import type { OperationModel, ServiceModel } from '../core/model.js';
import { shapeOf } from '../core/model.js';
import type { Codec, Input, Output, SerializeContext, WireRequest, WireResponse } from './codec.js';
import { quirksOf } from './quirks/index.js';
import { bodyMembers, payloadMember, resolveRestOperation, responseStatus, writeHeaders } from './shared/http-bindings.js';
import { decodedBody, readRestBindings, rawPayloadValue, writeRawPayload } from './shared/rest-message.js';
import type { XmlElement, XmlNode } from './shared/xml.js';
import { parseXml, renderXml, xmlNode } from './shared/xml.js';
import { strictUtf8 } from './shared/utf8.js';
import { namespaceAttributes, readStructure, readXmlValue, writeStructureContent, writeXmlValue } from './shared/xml-shapes.js';

const XML_CONTENT_TYPE = 'application/xml';

export const restXmlCodec: Codec = {
  protocol: 'rest-xml',

  resolveOperation(model: ServiceModel, req: WireRequest): string | undefined {
    return resolveRestOperation(model, req.method, req.path, req.query, req.headers);
  },

  parseInput(model: ServiceModel, operation: OperationModel, req: WireRequest): Input {
    if (!operation.input) return {};
    const shape = shapeOf(model, operation.input.shape);
    const { input, gzipped } = readRestBindings(model, operation, shape, req);
    const body = decodedBody(req, gzipped);
    const payload = payloadMember(model, shape);
    if (payload) {
      const raw = rawPayloadValue(payload, req, body);
      if (raw !== undefined) input[payload.name] = raw;
      else if (body.length > 0 && (payload.shape.type === 'structure' || payload.shape.type === 'list' || payload.shape.type === 'map')) {
        input[payload.name] = readXmlValue(model, payload.ref, parseXmlBody(body));
      }
      return input;
    }
    if (body.length > 0 && bodyMembers(model, shape).length > 0) Object.assign(input, readStructure(model, shape, parseXmlBody(body)));
    return input;
  },

  serializeOutput(model: ServiceModel, operation: OperationModel, output: Output, _ctx: SerializeContext): WireResponse {
    const quirks = quirksOf(model);
    const modeled = responseStatus(model, operation, output);
    const status = quirks.responseStatus ? quirks.responseStatus(operation.name, output, modeled) : modeled;
    if (!operation.output) return { status, headers: {}, body: undefined };
    const shape = shapeOf(model, operation.output.shape);
    const headers = writeHeaders(model, shape, output);
    const contentType = quirks.bodylessContentType?.(operation.name);
    if (contentType !== undefined) headers['content-type'] ??= contentType;
    const bare = quirks.bareOutputBody?.(operation.name, output);
    if (bare) return xmlResponse(status, headers, bare);
    const payload = payloadMember(model, shape);
    if (payload) {
      const value = output[payload.name];
      if (value === undefined || value === null) return { status, headers, body: undefined };
      const raw = writeRawPayload(payload, value, headers);
      if (raw !== undefined) return { status, headers, body: raw };
      const name = payload.ref.locationName ?? payload.shape.locationName ?? payload.ref.shape;
      const [root] = writeXmlValue(model, payload.ref, name, value);
      if (!root) return { status, headers, body: undefined };
      return xmlResponse(status, headers, withNamespace(root, serviceNamespace(model)));
    }
    const { attributes, children } = writeStructureContent(model, shape, output, 'output');
    if (children.length === 0 && Object.keys(attributes).length === 0) return { status, headers, body: undefined };
    const rootName = quirks.rootElement?.(operation.name) ?? operation.output.locationName ?? shape.locationName ?? operation.output.shape;
    const ns = namespaceAttributes(operation.output.xmlNamespace ?? shape.xmlNamespace) ?? namespaceAttributes(nsRef(serviceNamespace(model)));
    return xmlResponse(status, headers, xmlNode(rootName, children, { ...(ns ?? {}), ...attributes }));
  },

  serializeError(model: ServiceModel, operation: OperationModel | undefined, error: AwsError, ctx: SerializeContext): WireResponse {
    const { headers, fieldNodes } = errorParts(model, error);
    const allHeaders = { ...headers, ...lowerKeys(error.headers) };
    const quirks = quirksOf(model);
    // S3 answers HEAD errors with the status alone: a HEAD response has no body (RFC 9110 §9.3.2).
    if (quirks.bodylessHeadErrors && operation?.http.method === 'HEAD') return { status: error.status, headers: allHeaders, body: undefined };
    if (quirks.errorBody) return xmlResponse(error.status, allHeaders, quirks.errorBody(error, ctx.requestId, fieldNodes));
    const ns = serviceNamespace(model);
    const body = xmlNode(
      'ErrorResponse',
      [
        xmlNode('Error', [
          xmlNode('Type', error.fault === 'server' ? 'Receiver' : 'Sender'),
          xmlNode('Code', error.code),
          xmlNode('Message', error.message),
          ...fieldNodes,
        ]),
        xmlNode('RequestId', ctx.requestId),
      ],
      ns ? { xmlns: ns } : undefined,
    );
    return xmlResponse(error.status, allHeaders, body);
  },
};

/** Parses an XML request body; S3's MalformedXML (its wording) for anything not well-formed. */
function parseXmlBody(body: Buffer): XmlElement {
  try {
    // Ill-formed UTF-8 is not well-formed XML (XML 1.0 §4.3.3), rather than U+FFFD in a stored key or tag.
    const text = strictUtf8(body);
    if (text === undefined) throw new Error('ill-formed UTF-8');
    return parseXml(text);
  } catch {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', {
      status: 400,
    });
  }
}

function xmlResponse(status: number, headers: Record<string, string>, root: XmlNode): WireResponse {
  return {
    status,
    headers: { 'content-type': XML_CONTENT_TYPE, ...headers },
    body: Buffer.from(renderXml(root, { declaration: true })),
  };
}

/**
 * The namespace responses carry: the model's, else the one its operations or payload members put on inputs
 * (Route 53 declares it on operations, CloudFront on payload members), else S3's, which the model omits.
 */
function serviceNamespace(model: ServiceModel): string | undefined {
  if (model.metadata.xmlNamespace) return model.metadata.xmlNamespace;
  const cached = namespaces.get(model);
  if (cached !== undefined) return cached === '' ? undefined : cached;
  let found: string | undefined;
  for (const op of Object.values(model.operations)) {
    found ??= op.input?.xmlNamespace?.uri;
    const input = op.input ? model.shapes[op.input.shape] : undefined;
    for (const ref of Object.values(input?.members ?? {})) {
      const ns: unknown = ref.xmlNamespace;
      if (typeof ns === 'object' && ns !== null && 'uri' in ns && typeof ns.uri === 'string') found ??= ns.uri;
    }
    if (found) break;
  }
  found ??= quirksOf(model).defaultNamespace;
  namespaces.set(model, found ?? '');
  return found;
}

const namespaces = new WeakMap<ServiceModel, string>();

function nsRef(uri: string | undefined): { uri: string } | undefined {
  return uri ? { uri } : undefined;
}

function withNamespace(root: XmlNode, ns: string | undefined): XmlNode {
  if (!ns || Object.keys(root.attributes ?? {}).some((k) => k === 'xmlns' || k.startsWith('xmlns:'))) return root;
  return { ...root, attributes: { xmlns: ns, ...(root.attributes ?? {}) } };
}

/**
 * An error's extra fields: members of the modeled error shape bound to headers go to headers, other modeled members
 * are written per the model, and unmodeled fields (S3's Key, BucketName) as plain text elements.
 */
function errorParts(model: ServiceModel, error: AwsError): { headers: Record<string, string>; fieldNodes: XmlNode[] } {
  const shape = model.shapes[error.code];
  const fields = error.fields;
  const nodes: XmlNode[] = [];
  if (!shape || shape.type !== 'structure') {
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) nodes.push(xmlNode(k, plainText(v)));
    return { headers: {}, fieldNodes: nodes };
  }
  const headers = writeHeaders(model, shape, fields);
  const members = shape.members ?? {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null || /^message$/i.test(k) || /^code$/i.test(k)) continue;
    const ref = members[k];
    if (!ref) nodes.push(xmlNode(k, plainText(v)));
    else if (ref.location === undefined) nodes.push(...writeXmlValue(model, ref, ref.locationName ?? k, v));
  }
  return { headers, fieldNodes: nodes };
}

function plainText(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
