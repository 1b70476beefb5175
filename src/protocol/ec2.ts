// The ec2 query codec: query-style input with EC2's naming (queryName, capitalised locationName, lists always
// flattened), responses with members directly under <OpResponse> plus <requestId>, and <Response><Errors> errors.
import type { AwsError } from '../core/aws-error.js';
import type { OperationModel, ServiceModel } from '../core/model.js';
import type { Codec, Input, Output, SerializeContext, WireRequest, WireResponse } from './codec.js';
import { actionOf, errorFieldNodes, wellFormedFormOf } from './query.js';
import { findErrorShape, queryErrorCode } from './shared/error-shapes.js';
import { readQueryStructure } from './shared/query-input.js';
import { XML_DECLARATION, escapeXmlAttribute, escapeXmlText, renderXml, xmlNode } from './shared/xml.js';
import { XmlSink, writeStructureBody } from './shared/xml-direct.js';
import { chunkedResponse, utf8Chunks } from './shared/utf8-chunks.js';

/** EC2 answers in http://ec2.amazonaws.com/doc/<apiVersion>/ (the model's xmlNamespace lacks the final slash). */
function namespaceOf(model: ServiceModel): string {
  return `http://ec2.amazonaws.com/doc/${model.metadata.apiVersion}/`;
}

const XML_HEADERS = { 'content-type': 'text/xml;charset=UTF-8' } as const;

export const ec2Codec: Codec = {
  protocol: 'ec2',

  resolveOperation(model: ServiceModel, req: WireRequest): string | undefined {
    return actionOf(model, req);
  },

  parseInput(model: ServiceModel, operation: OperationModel, req: WireRequest): Input {
    if (!operation.input) return {};
    return readQueryStructure(model, 'ec2', operation.input.shape, wellFormedFormOf(req));
  },

  serializeOutput(model: ServiceModel, operation: OperationModel, output: Output, ctx: SerializeContext): WireResponse {
    // EC2 writes requestId first, then the output members with no result wrapper. The members are written straight
    // to text (xml-direct: the same bytes as the node tree, without it; DescribeInstances writes ~20,000 elements).
    const name = `${operation.name}Response`;
    const sink = new XmlSink();
    sink.text(XML_DECLARATION + '<' + name + ' xmlns="' + escapeXmlAttribute(namespaceOf(model)) + '"><requestId>' + escapeXmlText(ctx.requestId) + '</requestId>');
    if (operation.output) writeStructureBody(model, model.shapes[operation.output.shape] ?? { type: 'structure' }, output, 'input', sink);
    sink.text('</' + name + '>');
    return chunkedResponse({ ...XML_HEADERS }, utf8Chunks(sink.toPieces()));
  },

  serializeError(model: ServiceModel, operation: OperationModel | undefined, error: AwsError, ctx: SerializeContext): WireResponse {
    const info = findErrorShape(model, operation, error.code);
    const root = xmlNode('Response', [
      xmlNode('Errors', [
        xmlNode('Error', [
          xmlNode('Code', queryErrorCode(error, info)),
          xmlNode('Message', error.message),
          ...errorFieldNodes(model, operation, error),
        ]),
      ]),
      // EC2 spells it RequestID in errors and requestId in responses.
      xmlNode('RequestID', ctx.requestId),
    ]);
    return { status: error.status, headers: { ...error.headers, ...XML_HEADERS }, body: Buffer.from(renderXml(root, { declaration: true }), 'utf8') };
  },
};
