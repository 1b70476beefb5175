// Model-driven input validation as AWS's front ends do it before a service sees the request: required members,
// lengths, ranges, enums and patterns, reported in AWS's "N validation error(s) detected" form.
import { AwsError } from '../core/aws-error.js';
import type { Protocol, ServiceModel, Shape } from '../core/model.js';

import type { ValidationStyle } from '../services/service-definition.js';

const MAX_REPORTED = 10;

export function validateInput(model: ServiceModel, shapeName: string | undefined, input: Record<string, unknown>, style: ValidationStyle, protocol: Protocol): void {
  if (style === 'none' || !shapeName) return;
  if (style === 'missing-parameter') {
    const shape = model.shapes[shapeName];
    for (const name of shape?.required ?? []) {
      if (input[name] === undefined || input[name] === null) {
        const message = `The request must contain the parameter ${name}.`;
        // Query-compatible SQS sends __type MissingRequiredParameterException with x-amzn-query-error
        // MissingParameter;Sender, so SDKs show Code MissingParameter (aws-recordings/sqs test_sqs
        // "test_send_empty_message"); EC2 sends plain MissingParameter.
        if (model.metadata.awsQueryCompatible) {
          throw new AwsError('MissingRequiredParameterException', message, { status: 400, queryCode: 'MissingParameter' });
        }
        throw new AwsError('MissingParameter', message, { status: 400 });
      }
    }
    return;
  }
  const problems: string[] = [];
  checkStructure(model, shapeName, input, '', problems);
  if (problems.length === 0) return;
  const count = problems.length;
  const message = `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.slice(0, MAX_REPORTED).join('; ')}`;
  const code = protocol === 'query' || protocol === 'ec2' ? 'ValidationError' : 'ValidationException';
  // Query-compatible services (CloudWatch) also name the query code ValidationError in x-amzn-query-error, which SDKs
  // surface as the code (aws-recordings/cloudwatch, test_set_alarm_invalid_input: Code ValidationError).
  const queryCode = model.metadata.awsQueryCompatible !== undefined ? 'ValidationError' : undefined;
  throw new AwsError(code, message, queryCode === undefined ? { status: 400 } : { status: 400, queryCode });
}

function memberPath(prefix: string, name: string): string {
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return prefix ? `${prefix}.${camel}` : camel;
}

function render(value: unknown, shape: Shape): string {
  if (shape.sensitive) return 'Value';
  if (Array.isArray(value)) {
    // Lists of structures are not spelled out (DynamoDB's TransactItems over 100 read "Value '[...]'").
    const scalars = value.every((v) => typeof v !== 'object' || v === null);
    return scalars ? `Value '[${value.map((v) => String(v)).join(', ')}]'` : "Value '[...]'";
  }
  if (value instanceof Date) return `Value '${value.toISOString()}'`;
  if (typeof value === 'object' && value !== null) return 'Value';
  return `Value '${String(value)}'`;
}

function checkStructure(model: ServiceModel, shapeName: string, value: Record<string, unknown>, path: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape?.members) return;
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null) {
      problems.push(`Value null at '${memberPath(path, name)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  for (const [name, ref] of Object.entries(shape.members)) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    checkValue(model, ref.shape, member, memberPath(path, name), problems);
  }
}

function checkValue(model: ServiceModel, shapeName: string, value: unknown, path: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape) return;
  const fail = (constraint: string) => problems.push(`${render(value, shape)} at '${path}' failed to satisfy constraint: ${constraint}`);
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return;
      if (shape.enum && !shape.enum.includes(value)) return void fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      checkLength([...value].length, shape, fail);
      if (shape.pattern && !matchesPattern(shape.pattern, value)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      return;
    case 'blob':
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) checkLength(value.length, shape, fail);
      return;
    case 'list':
      if (!Array.isArray(value)) return;
      checkLength(value.length, shape, fail);
      value.forEach((item, i) => {
        const at = `${path}.${i + 1}.member`;
        // A JSON null inside a list ([null]) is a member that is null, as AWS's validators report it.
        if (item === null || item === undefined) problems.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
        else if (shape.member) checkValue(model, shape.member.shape, item, at, problems);
      });
      return;
    case 'map':
      if (typeof value !== 'object' || value === null) return;
      checkLength(Object.keys(value).length, shape, fail);
      // Map values are checked like list members (BatchWriteItem's RequestItems → lists of write requests).
      if (shape.value) for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) checkValue(model, shape.value.shape, v, `${path}.${k}.member`, problems);
      return;
    case 'structure':
      if (typeof value === 'object' && value !== null && !shape.union) checkStructure(model, shapeName, value as Record<string, unknown>, path, problems);
      return;
    case 'integer': case 'long': case 'float': case 'double': case 'short': case 'byte':
      if (typeof value !== 'number') return;
      if (shape.min !== undefined && value < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
      else if (shape.max !== undefined && value > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
      return;
    default:
      return;
  }
}

function checkLength(length: number, shape: Shape, fail: (constraint: string) => void): void {
  if (shape.min !== undefined && length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
  else if (shape.max !== undefined && length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
}

const patterns = new Map<string, RegExp | null>();

/** AWS patterns are Java regexes that must match the whole value; ones JavaScript cannot compile are not enforced. */
function matchesPattern(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re === null || re.test(value);
}
