// Service-linked roles: CreateServiceLinkedRole makes AWSServiceRoleFor<Service> under /aws-service-role/<service>/,
// trusted by the service; such roles are protected from DeleteRole and go through DeleteServiceLinkedRole, whose
// deletion task GetServiceLinkedRoleDeletionStatus reports (IAM User Guide, "Using service-linked roles").
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/iam/api.js';
import { iamArn, mutate, uniqueId, type IamContext } from './context.js';
import { requireEntity, roleOf } from './entity-operations.js';
import { invalidInput, noSuchEntityMessage } from './errors.js';
import type { Entity } from './iam-store.js';

export const SERVICE_ROLE_PATH = /^\/aws-service-role\/([^/]+)\/$/;

// Role names AWS gives services whose name does not follow from the service principal (IAM User Guide, "AWS
// services that work with IAM", service-linked role column); any other service gets AWSServiceRoleFor + its
// capitalized first label [D].
const NAMES: Record<string, string> = {
  'autoscaling.amazonaws.com': 'AWSServiceRoleForAutoScaling',
  'elasticloadbalancing.amazonaws.com': 'AWSServiceRoleForElasticLoadBalancing',
  'ecs.amazonaws.com': 'AWSServiceRoleForECS',
  'rds.amazonaws.com': 'AWSServiceRoleForRDS',
  'es.amazonaws.com': 'AWSServiceRoleForAmazonOpenSearchService',
  'elasticbeanstalk.amazonaws.com': 'AWSServiceRoleForElasticBeanstalk',
  'eks.amazonaws.com': 'AWSServiceRoleForAmazonEKS',
  'spot.amazonaws.com': 'AWSServiceRoleForEC2Spot',
  'cloudfront.amazonaws.com': 'AWSServiceRoleForCloudFrontLogger',
  'dynamodb.application-autoscaling.amazonaws.com': 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
  'organizations.amazonaws.com': 'AWSServiceRoleForOrganizations',
};

export function serviceLinkedRoleName(service: string): string {
  const known = NAMES[service];
  if (known) return known;
  const label = service.split('.')[0] ?? service;
  return `AWSServiceRoleFor${label.charAt(0).toUpperCase()}${label.slice(1)}`;
}

export function isServiceLinked(role: Entity): boolean {
  return SERVICE_ROLE_PATH.test(role.path);
}

export function createServiceLinkedRole(iam: IamContext, ctx: RequestContext, input: api.CreateServiceLinkedRoleRequest): api.CreateServiceLinkedRoleResponse {
  const service = input.AWSServiceName;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(service)) throw invalidInput(`Invalid service name: ${service}`);
  const name = serviceLinkedRoleName(service) + (input.CustomSuffix ? `_${input.CustomSuffix}` : '');
  const path = `/aws-service-role/${service}/`;
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
  const role: Entity = {
    account: ctx.account,
    kind: 'role',
    name,
    id: uniqueId('role'),
    path,
    arn: iamArn(ctx.account, 'role', path, name),
    createdAt: iam.clock.now(),
    attrs: { trustPolicy: trust, maxSessionDuration: 3600, ...(input.Description !== undefined ? { description: input.Description } : {}) },
  };
  mutate(iam, () => {
    if (iam.store.getEntity(ctx.account, 'role', name)) throw invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);
    iam.store.insertEntity(role);
  });
  return { Role: roleOf(iam, role) };
}

export function deleteServiceLinkedRole(iam: IamContext, ctx: RequestContext, input: api.DeleteServiceLinkedRoleRequest): api.DeleteServiceLinkedRoleResponse {
  return mutate(iam, () => {
    const role = requireEntity(iam.store, ctx.account, 'role', input.RoleName);
    const m = SERVICE_ROLE_PATH.exec(role.path);
    if (!m) throw invalidInput(`Role ${role.name} is not a service-linked role.`);
    // No AWS resource in kumo uses a service-linked role, so the deletion task succeeds at once.
    const taskId = `task/aws-service-role/${m[1]}/${role.name}/${randomUUID()}`;
    iam.store.db.prepare('INSERT INTO iam_slr_deletions (task_id, account, role_name, status, created_at) VALUES (?, ?, ?, ?, ?)').run(taskId, ctx.account, role.name, 'SUCCEEDED', iam.clock.now());
    for (const arn of iam.store.attachments(ctx.account, 'role', role.name)) iam.store.detach(ctx.account, 'role', role.name, arn);
    for (const p of iam.store.inlinePolicies(ctx.account, 'role', role.name)) iam.store.deleteInline(ctx.account, 'role', role.name, p.policyName);
    iam.store.deleteEntity(ctx.account, 'role', role.name);
    return { DeletionTaskId: taskId };
  });
}

export function getServiceLinkedRoleDeletionStatus(iam: IamContext, ctx: RequestContext, input: api.GetServiceLinkedRoleDeletionStatusRequest): api.GetServiceLinkedRoleDeletionStatusResponse {
  const row = iam.store.db.prepare('SELECT status FROM iam_slr_deletions WHERE task_id = ? AND account = ?').get(input.DeletionTaskId, ctx.account) as { status: api.DeletionTaskStatusType } | undefined;
  if (!row) throw noSuchEntityMessage(`Deletion task ${input.DeletionTaskId} cannot be found.`);
  return { Status: row.status };
}

/** DeleteRole refuses a service-linked role (IAM API reference, UnmodifiableEntity). */
export function protectedRole(role: Entity): AwsError {
  return new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`, { status: 400 });
}
