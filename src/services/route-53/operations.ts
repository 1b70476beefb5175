// Route 53's operation table: each AWS operation mapped to the module that implements it over Route53Context.
// Operations not listed (traffic policies, DNSSEC, query logging, …) answer NotImplemented.
import type * as api from '../../generated/route-53/api.js';
import { operationTable } from '../service-definition.js';
import type { Route53Context } from './context.js';
import * as cidr from './cidr-operations.js';
import * as health from './health-operations.js';
import * as records from './record-operations.js';
import * as tags from './tag-operations.js';
import * as zones from './zone-operations.js';

export const ROUTE53_OPERATIONS = operationTable<api.Route53Api, Route53Context>()({
  CreateHostedZone: zones.createHostedZone,
  GetHostedZone: zones.getHostedZone,
  ListHostedZones: zones.listHostedZones,
  ListHostedZonesByName: zones.listHostedZonesByName,
  GetHostedZoneCount: zones.getHostedZoneCount,
  UpdateHostedZoneComment: zones.updateHostedZoneComment,
  DeleteHostedZone: zones.deleteHostedZone,
  ChangeResourceRecordSets: records.changeResourceRecordSets,
  ListResourceRecordSets: records.listResourceRecordSets,
  GetChange: records.getChange,
  CreateHealthCheck: health.createHealthCheck,
  GetHealthCheck: health.getHealthCheck,
  ListHealthChecks: health.listHealthChecks,
  GetHealthCheckCount: health.getHealthCheckCount,
  UpdateHealthCheck: health.updateHealthCheck,
  DeleteHealthCheck: health.deleteHealthCheck,
  GetHealthCheckStatus: health.getHealthCheckStatus,
  GetHealthCheckLastFailureReason: health.getHealthCheckLastFailureReason,
  CreateCidrCollection: cidr.createCidrCollection,
  ChangeCidrCollection: cidr.changeCidrCollection,
  DeleteCidrCollection: cidr.deleteCidrCollection,
  ListCidrCollections: cidr.listCidrCollections,
  ListCidrLocations: cidr.listCidrLocations,
  ListCidrBlocks: cidr.listCidrBlocks,
  ChangeTagsForResource: tags.changeTagsForResource,
  ListTagsForResource: tags.listTagsForResource,
  ListTagsForResources: tags.listTagsForResources,
});
