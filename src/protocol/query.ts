// The awsQuery codec (IAM, STS, ELB, ELBv2, Auto Scaling, CloudWatch's query form, SQS's legacy form): Action and
// Version in a form body or query string, XML responses wrapped in <OpResponse><OpResult>, <ErrorResponse> errors.
import { AwsError } from '../core/aws-error.js';
import type { OperationModel, ServiceModel } from '../core/model.js';
import type { Codec, Input, Output, ParsedForm, SerializeContext, WireRequest, WireResponse } from './codec.js';
import { quirksOf } from './quirks/index.js';
import { faultType, findErrorShape, queryErrorCode } from './shared/error-shapes.js';
import { FormParams } from './shared/form.js';
import { readQueryStructure } from './shared/query-input.js';
import { decodedBody } from './shared/request-body.js';
import { escapesAreUtf8, malformedQueryString, strictUtf8 } from './shared/utf8.js';
import { renderXml, xmlNode, type XmlNode } from './shared/xml.js';
import { writeStructureContent, writeXmlValue } from './shared/xml-shapes.js';

/** The request's form parameters: the query string, then the form body of a POST (body values win). Parsed once. */
export function formOf(req: WireRequest): FormParams {
  return parsedFormOf(req).params;
}

/** The form, refused when it is not well-formed UTF-8 (read by the query and EC2 codecs before any member). */
export function wellFormedFormOf(req: WireRequest): FormParams {
  const parsed = parsedFormOf(req);
  if (!parsed.wellFormed) throw malformedQueryString();
  return parsed.params;
}

/** Parses the form once per request; one that is not well-formed UTF-8 is routed as usual and refused when read. */
function parsedFormOf(req: WireRequest): ParsedForm {
  if (req.parsedForm !== undefined) return req.parsedForm;
  const texts = [req.query];
  let wellFormed = escapesAreUtf8(req.query);
  const contentType = req.headers['content-type'] ?? '';
  if (req.method.toUpperCase() !== 'GET' && (contentType === '' || contentType.includes('x-www-form-urlencoded'))) {
    const bytes = decodedBody(req);
    const text = strictUtf8(bytes);
    wellFormed &&= text !== undefined && escapesAreUtf8(text);
    texts.push(text ?? bytes.toString('utf8'));
  }
  req.parsedForm = { params: FormParams.parse(...texts), wellFormed };
  return req.parsedForm;
}

/** The Action parameter; a request without one is AWS's MissingAction (400). */
export function actionOf(model: ServiceModel, req: WireRequest): string | undefined {
  const action = formOf(req).value('Action');
  if (action === undefined || action === '') throw new AwsError('MissingAction', 'Missing Action', { status: 400 });
  return Object.hasOwn(model.operations, action) ? action : undefined;
}

/** The namespace of query responses: the model's, else AWS's usual https://<prefix>.amazonaws.com/doc/<version>/. */
function namespaceOf(model: ServiceModel): string {
  return model.metadata.xmlNamespace ?? `https://${model.metadata.endpointPrefix}.amazonaws.com/doc/${model.metadata.apiVersion}/`;
}

/** Error members besides Code and Message, written through the error shape when it models them. */
export function errorFieldNodes(model: ServiceModel, operation: OperationModel | undefined, error: AwsError): XmlNode[] {
  const members = findErrorShape(model, operation, error.code)?.shape.members ?? {};
  const nodes: XmlNode[] = [];
  for (const [name, value] of Object.entries(error.fields)) {
    if (value === undefined || value === null) continue;
    const ref = members[name];
    if (ref) nodes.push(...writeXmlValue(model, ref, ref.locationName ?? name, value));
    else nodes.push(xmlNode(name, typeof value === 'object' ? JSON.stringify(value) : String(value)));
  }
  return nodes;
}

const XML_HEADERS = { 'content-type': 'text/xml' } as const;

export const queryCodec: Codec = {
  protocol: 'query',

  resolveOperation(model: ServiceModel, req: WireRequest): string | undefined {
    return actionOf(model, req);
  },

  parseInput(model: ServiceModel, operation: OperationModel, req: WireRequest): Input {
    if (!operation.input) return {};
    const input = readQueryStructure(model, 'query', operation.input.shape, wellFormedFormOf(req));
    const quirks = quirksOf(model);
    return quirks.completeInput ? quirks.completeInput(model, operation, req, input) : input;
  },

  serializeOutput(model: ServiceModel, operation: OperationModel, output: Output, ctx: SerializeContext): WireResponse {
    const children: XmlNode[] = [];
    if (operation.output) {
      const content = writeStructureContent(model, model.shapes[operation.output.shape] ?? { type: 'structure' }, output).children;
      // AWS always wraps query results in <OpResult> (awsQuery vectors omit resultWrapper yet expect it, and JSON-modeled
      // services answering in query form, like SQS, have none).
      children.push(xmlNode(operation.output.resultWrapper ?? `${operation.name}Result`, content));
    }
    children.push(xmlNode('ResponseMetadata', [xmlNode('RequestId', ctx.requestId)]));
    const root = xmlNode(`${operation.name}Response`, children, { xmlns: namespaceOf(model) });
    return { status: 200, headers: { ...XML_HEADERS }, body: Buffer.from(renderXml(root, { declaration: true }), 'utf8') };
  },

  serializeError(model: ServiceModel, operation: OperationModel | undefined, error: AwsError, ctx: SerializeContext): WireResponse {
    const info = findErrorShape(model, operation, error.code);
    const root = xmlNode(
      'ErrorResponse',
      [
        xmlNode('Error', [
          xmlNode('Type', faultType(error)),
          xmlNode('Code', queryErrorCode(error, info)),
          xmlNode('Message', error.message),
          ...errorFieldNodes(model, operation, error),
        ]),
        xmlNode('RequestId', ctx.requestId),
      ],
      { xmlns: namespaceOf(model) },
    );
    return { status: error.status, headers: { ...error.headers, ...XML_HEADERS }, body: Buffer.from(renderXml(root, { declaration: true }), 'utf8') };
  },
};
