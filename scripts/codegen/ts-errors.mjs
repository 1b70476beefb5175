// Emits src/generated/<id>/errors.ts: one factory per modeled error shape with its wire code, HTTP status, fault and
// (for awsQueryCompatible and query services) the query code, so services never hand-copy a status that can drift.

import { tsString } from './ts-api.mjs';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Every shape the model marks as an error (`exception: true` or an `error` trait), sorted by name. */
function errorShapes(model) {
  return Object.entries(model.shapes)
    .filter(([, shape]) => shape.exception === true || shape.error !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The facts of one error. JSON and REST protocols put the shape name on the wire; query and ec2 services put the
 * `error.code` trait (when present). awsQueryCompatible JSON services send the shape name with the query code in
 * x-amzn-query-error (SQS: QueueDoesNotExist / AWS.SimpleQueueService.NonExistentQueue).
 */
export function errorFacts(model, name, shape) {
  const trait = shape.error ?? {};
  const protocol = model.metadata.protocol;
  const queryWire = protocol === 'query' || protocol === 'ec2';
  const code = queryWire && trait.code ? trait.code : name;
  const fault = trait.senderFault === false || shape.fault === true ? 'server' : 'client';
  const status = trait.httpStatusCode ?? (fault === 'server' ? 500 : 400);
  const queryCode = !queryWire && model.metadata.awsQueryCompatible !== undefined && trait.code ? trait.code : undefined;
  return { code, status, fault, queryCode };
}

export function renderErrors(model, header) {
  const lines = [
    header,
    "import { modeledErrorFactory } from '../../core/aws-error.js';",
    '',
    '/** Each modeled error: wire code, HTTP status, fault and query-compatible code. */',
    'export const ERRORS = {',
  ];
  const shapes = errorShapes(model);
  for (const [name, shape] of shapes) {
    const f = errorFacts(model, name, shape);
    const key = IDENTIFIER.test(name) ? name : tsString(name);
    lines.push(`  ${key}: { code: ${tsString(f.code)}, status: ${f.status}, fault: ${tsString(f.fault)}${f.queryCode ? `, queryCode: ${tsString(f.queryCode)}` : ''} },`);
  }
  lines.push('} as const;', '', 'export type ErrorName = keyof typeof ERRORS;', '');
  lines.push(
    '/** A modeled error with its facts from the model and the given message (AWS\'s wording, with its source noted at the call). */',
    'export const modeledError = modeledErrorFactory<ErrorName>(ERRORS);',
    '',
  );
  return lines.join('\n');
}
