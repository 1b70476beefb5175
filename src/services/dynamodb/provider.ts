// DynamoDB provider: a thin typed adapter from the generated DynamodbApi to the operation modules; it normalises
// the scope once per call and names each operation's attribute-value validation layer (value-errors.ts).
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext, Scope } from '../../core/request-context.js';
import type * as api from '../../generated/dynamodb/api.js';
import type { DynamoDeps } from './context.js';
import { batchGetItem, batchWriteItem } from './batch-operations.js';
import { deleteItem, getItem, putItem, updateItem } from './item-operations.js';
import { query, scan } from './read-operations.js';
import * as settings from './settings-operations.js';
import { createTable, deleteTable, describeTableOp, listTables, updateTable } from './table-operations.js';
import { transactGetItems, transactWriteItems } from './transaction-operations.js';
import type { TxTokenStore } from './tx-token-store.js';
import { inLayer } from './value-errors.js';

export interface DynamodbProviderDeps extends DynamoDeps {
  readonly tokens: TxTokenStore;
}

export class DynamodbProvider implements Partial<api.DynamodbApi> {
  constructor(private readonly deps: DynamodbProviderDeps) {}

  private scope(ctx: RequestContext): Scope {
    return this.deps.store.of(ctx);
  }


  async createTable(ctx: RequestContext, input: api.CreateTableInput): Promise<api.CreateTableOutput> {
    if (input.ResourcePolicy !== undefined) throw notImplemented('dynamodb', 'CreateTable', 'ResourcePolicy');
    if (input.GlobalTableSourceArn !== undefined) throw notImplemented('dynamodb', 'CreateTable', 'GlobalTableSourceArn');
    return createTable(this.deps, this.scope(ctx), input);
  }

  async describeTable(ctx: RequestContext, input: api.DescribeTableInput): Promise<api.DescribeTableOutput> {
    return describeTableOp(this.deps, this.scope(ctx), input.TableName);
  }

  async deleteTable(ctx: RequestContext, input: api.DeleteTableInput): Promise<api.DeleteTableOutput> {
    return deleteTable(this.deps, this.scope(ctx), input.TableName);
  }

  async listTables(ctx: RequestContext, input: api.ListTablesInput): Promise<api.ListTablesOutput> {
    return listTables(this.deps, this.scope(ctx), input);
  }

  async updateTable(ctx: RequestContext, input: api.UpdateTableInput): Promise<api.UpdateTableOutput> {
    return updateTable(this.deps, this.scope(ctx), input);
  }

  async putItem(ctx: RequestContext, input: api.PutItemInput): Promise<api.PutItemOutput> {
    return inLayer('enveloped', () => putItem(this.deps, this.scope(ctx), input));
  }

  async getItem(ctx: RequestContext, input: api.GetItemInput): Promise<api.GetItemOutput> {
    return getItem(this.deps, this.scope(ctx), input);
  }

  async updateItem(ctx: RequestContext, input: api.UpdateItemInput): Promise<api.UpdateItemOutput> {
    return inLayer('enveloped', () => updateItem(this.deps, this.scope(ctx), input));
  }

  async deleteItem(ctx: RequestContext, input: api.DeleteItemInput): Promise<api.DeleteItemOutput> {
    return inLayer('enveloped', () => deleteItem(this.deps, this.scope(ctx), input));
  }

  async query(ctx: RequestContext, input: api.QueryInput): Promise<api.QueryOutput> {
    return query(this.deps, this.scope(ctx), input);
  }

  async scan(ctx: RequestContext, input: api.ScanInput): Promise<api.ScanOutput> {
    return inLayer('older', () => scan(this.deps, this.scope(ctx), input));
  }

  async batchGetItem(ctx: RequestContext, input: api.BatchGetItemInput): Promise<api.BatchGetItemOutput> {
    return batchGetItem(this.deps, this.scope(ctx), input);
  }

  async batchWriteItem(ctx: RequestContext, input: api.BatchWriteItemInput): Promise<api.BatchWriteItemOutput> {
    return inLayer('older', () => batchWriteItem(this.deps, this.scope(ctx), input));
  }

  async transactWriteItems(ctx: RequestContext, input: api.TransactWriteItemsInput): Promise<api.TransactWriteItemsOutput> {
    return inLayer('older', () => transactWriteItems(this.deps, this.deps.tokens, this.scope(ctx), input));
  }

  async transactGetItems(ctx: RequestContext, input: api.TransactGetItemsInput): Promise<api.TransactGetItemsOutput> {
    return inLayer('older', () => transactGetItems(this.deps, this.scope(ctx), input));
  }

  async tagResource(ctx: RequestContext, input: api.TagResourceInput): Promise<Record<string, never>> {
    settings.tagResource(this.deps, this.scope(ctx), input);
    return {};
  }

  async untagResource(ctx: RequestContext, input: api.UntagResourceInput): Promise<Record<string, never>> {
    settings.untagResource(this.deps, this.scope(ctx), input);
    return {};
  }

  async listTagsOfResource(ctx: RequestContext, input: api.ListTagsOfResourceInput): Promise<api.ListTagsOfResourceOutput> {
    return settings.listTagsOfResource(this.deps, this.scope(ctx), input);
  }

  async updateTimeToLive(ctx: RequestContext, input: api.UpdateTimeToLiveInput): Promise<api.UpdateTimeToLiveOutput> {
    return settings.updateTimeToLive(this.deps, this.scope(ctx), input);
  }

  async describeTimeToLive(ctx: RequestContext, input: api.DescribeTimeToLiveInput): Promise<api.DescribeTimeToLiveOutput> {
    return settings.describeTimeToLive(this.deps, this.scope(ctx), input.TableName);
  }

  async describeContinuousBackups(ctx: RequestContext, input: api.DescribeContinuousBackupsInput): Promise<api.DescribeContinuousBackupsOutput> {
    return settings.describeContinuousBackups(this.deps, this.scope(ctx), input.TableName);
  }

  async updateContinuousBackups(ctx: RequestContext, input: api.UpdateContinuousBackupsInput): Promise<api.UpdateContinuousBackupsOutput> {
    return settings.updateContinuousBackups(this.deps, this.scope(ctx), input);
  }

  async describeContributorInsights(ctx: RequestContext, input: api.DescribeContributorInsightsInput): Promise<api.DescribeContributorInsightsOutput> {
    return settings.describeContributorInsights(this.deps, this.scope(ctx), input);
  }

  async describeLimits(): Promise<api.DescribeLimitsOutput> {
    return settings.describeLimits();
  }

  async describeEndpoints(ctx: RequestContext): Promise<api.DescribeEndpointsResponse> {
    return settings.describeEndpoints(this.scope(ctx));
  }
}
