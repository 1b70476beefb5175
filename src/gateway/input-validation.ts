// Model-driven input validation as AWS's front ends do it before a service sees the request: required members,
// lengths, ranges, enums and patterns, reported in AWS's "N validation error(s) detected" form.
import { AwsError } from '../core/aws-error.js';
import type { Protocol, ServiceModel, Shape } from '../core/model.js';

import type { ValidationStyle } from '../services/service-definition.js';
import { javaToString } from '../core/java-value.js';

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
  // Almost every request is valid: a compiled check that builds no strings answers that; only a request that fails
  // it is walked again to word AWS's messages.
  if (inputPassesChecks(model, shapeName, input)) return;
  const problems = inputProblems(model, shapeName, input);
  if (problems.length === 0) return;
  const count = problems.length;
  const message = `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.slice(0, MAX_REPORTED).join('; ')}`;
  const code = protocol === 'query' || protocol === 'ec2' ? 'ValidationError' : 'ValidationException';
  // Query-compatible services (CloudWatch) also name the query code ValidationError in x-amzn-query-error, which SDKs
  // surface as the code (aws-recordings/cloudwatch, test_set_alarm_invalid_input: Code ValidationError).
  const queryCode = model.metadata.awsQueryCompatible !== undefined ? 'ValidationError' : undefined;
  throw new AwsError(code, message, queryCode === undefined ? { status: 400 } : { status: 400, queryCode });
}

/** Every problem the coral-style checks find, in AWS's order and wording. */
export function inputProblems(model: ServiceModel, shapeName: string, input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  checkStructure(model, shapeName, input, '', problems);
  return problems;
}

/** Whether inputProblems would find nothing, without building a string (the compiled plans below). */
export function inputPassesChecks(model: ServiceModel, shapeName: string, input: Record<string, unknown>): boolean {
  return structureOk(planFor(model, shapeName), input);
}

function memberPath(prefix: string, name: string): string {
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return prefix ? `${prefix}.${camel}` : camel;
}

function render(value: unknown, shape: Shape, model: ServiceModel, shapeName: string): string {
  if (shape.sensitive) return 'Value';
  if (Array.isArray(value)) {
    // Lists of structures are spelled as the Java objects' toString (DynamoDB's TransactItems over 100; java-value.ts).
    const scalars = value.every((v) => typeof v !== 'object' || v === null);
    return scalars ? `Value '[${value.map((v) => String(v)).join(', ')}]'` : `Value '${javaToString(model, shapeName, value)}'`;
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
  const fail = (constraint: string) => problems.push(`${render(value, shape, model, shapeName)} at '${path}' failed to satisfy constraint: ${constraint}`);
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

/** What the reporting walk above checks for one shape, compiled once per model: kinds, limits, an enum Set, the
 *  compiled pattern, and member plans (shared, so recursive shapes compile to a cycle). */
interface Plan {
  kind: 'none' | 'string' | 'blob' | 'list' | 'map' | 'structure' | 'number';
  min: number | undefined;
  max: number | undefined;
  enumValues: Set<string> | undefined;
  pattern: string | undefined;
  /** Structure: required member names, and the plan of each member (undefined when the structure has no members). */
  required: readonly string[];
  members: Array<[string, Plan]> | undefined;
  union: boolean;
  /** List member / map value. */
  item: Plan | undefined;
}

const NUMBER_TYPES = new Set(['integer', 'long', 'float', 'double', 'short', 'byte']);
const NONE: Plan = { kind: 'none', min: undefined, max: undefined, enumValues: undefined, pattern: undefined, required: [], members: undefined, union: false, item: undefined };
const plans = new WeakMap<ServiceModel['shapes'], Map<string, Plan>>();

function planFor(model: ServiceModel, shapeName: string): Plan {
  let cache = plans.get(model.shapes);
  if (cache === undefined) plans.set(model.shapes, (cache = new Map()));
  const known = cache.get(shapeName);
  if (known !== undefined) return known;
  const shape = model.shapes[shapeName];
  if (!shape) {
    cache.set(shapeName, NONE);
    return NONE;
  }
  const t = shape.type;
  const kind: Plan['kind'] = t === 'string' || t === 'blob' || t === 'list' || t === 'map' || t === 'structure' ? t : NUMBER_TYPES.has(t) ? 'number' : 'none';
  const plan: Plan = {
    kind,
    min: shape.min,
    max: shape.max,
    enumValues: shape.enum ? new Set(shape.enum) : undefined,
    pattern: shape.pattern,
    required: shape.required ?? [],
    members: undefined,
    union: shape.union === true,
    item: undefined,
  };
  cache.set(shapeName, plan); // before the members: a recursive shape finds itself
  if (shape.members) plan.members = Object.entries(shape.members).map(([name, ref]) => [name, planFor(model, ref.shape)]);
  if (kind === 'list' && shape.member) plan.item = planFor(model, shape.member.shape);
  if (kind === 'map' && shape.value) plan.item = planFor(model, shape.value.shape);
  return plan;
}

function lengthOk(length: number, plan: Plan): boolean {
  return !((plan.min !== undefined && length < plan.min) || (plan.max !== undefined && length > plan.max));
}

/** Unicode code points, as `[...value].length` counts them (a lone surrogate counts as one). */
function codePoints(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** True when checkStructure would report nothing. */
function structureOk(plan: Plan, value: Record<string, unknown>): boolean {
  const members = plan.members;
  if (members === undefined) return true;
  for (const name of plan.required) if (value[name] === undefined || value[name] === null) return false;
  for (let i = 0; i < members.length; i++) {
    const [name, member] = members[i]!;
    const v = value[name];
    if (v !== undefined && v !== null && !valueOk(member, v)) return false;
  }
  return true;
}

/** True when checkValue would report nothing. */
function valueOk(plan: Plan, value: unknown): boolean {
  switch (plan.kind) {
    case 'string': {
      if (typeof value !== 'string') return true;
      if (plan.enumValues !== undefined && !plan.enumValues.has(value)) return false;
      // The UTF-16 length bounds the code points from above and half of it from below: count only when that decides.
      const n = value.length;
      const sure = (plan.max === undefined || n <= plan.max) && (plan.min === undefined || Math.ceil(n / 2) >= plan.min);
      if (!sure && !lengthOk(codePoints(value), plan)) return false;
      return plan.pattern === undefined || matchesPattern(plan.pattern, value);
    }
    case 'blob':
      return !(value instanceof Uint8Array) || lengthOk(value.length, plan);
    case 'list': {
      if (!Array.isArray(value)) return true;
      if (!lengthOk(value.length, plan)) return false;
      const item = plan.item;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v === null || v === undefined) {
          if (i in value) return false; // forEach skips holes; a present null is reported
        } else if (item !== undefined && !valueOk(item, v)) return false;
      }
      return true;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null) return true;
      const keys = Object.keys(value);
      if (!lengthOk(keys.length, plan)) return false;
      const item = plan.item;
      if (item === undefined) return true;
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v !== null && v !== undefined && !valueOk(item, v)) return false;
      }
      return true;
    }
    case 'structure':
      return typeof value !== 'object' || value === null || plan.union || structureOk(plan, value as Record<string, unknown>);
    case 'number':
      if (typeof value !== 'number') return true;
      return !((plan.min !== undefined && value < plan.min) || (plan.max !== undefined && value > plan.max));
    default:
      return true;
  }
}
