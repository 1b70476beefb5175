// DynamoDB's operation table: each AWS operation mapped to its operation module with the request's scope
// normalised, naming each operation's attribute-value validation layer (value-errors.ts).
import { notImplemented } from '../../core/aws-error.js';
import { operationTable, validatesThenNotImplemented } from '../service-definition.js';
import type * as api from '../../generated/dynamodb/api.js';
import type { DynamodbContext } from './context.js';
import * as backups from './backup-operations.js';
import { batchGetItem, batchWriteItem } from './batch-operations.js';
import { describeExport, exportTableToPointInTime, listExports } from './export-operations.js';
import { describeImport, importTable, listImports } from './import-operations.js';
import * as kinesis from './kinesis-destination-operations.js';
import { deleteItem, getItem, putItem, updateItem } from './item-operations.js';
import { batchExecuteStatement, executeStatement, executeTransaction } from './partiql-operations.js';
import { query, scan } from './read-operations.js';
import { deleteResourcePolicy, getResourcePolicy, putResourcePolicy } from './resource-policy-operations.js';
import * as settings from './settings-operations.js';
import { createTable, deleteTable, describeTableOp, listTables, updateTable } from './table-operations.js';
import { transactGetItems, transactWriteItems } from './transaction-operations.js';
import { inLayer } from './value-errors.js';

export const DYNAMODB_OPERATIONS = operationTable<api.DynamodbApi, DynamodbContext>()({
  CreateTable: (d, ctx, input) => {
    if (input.GlobalTableSourceArn !== undefined) throw notImplemented('dynamodb', 'CreateTable', 'GlobalTableSourceArn');
    return createTable(d, d.store.of(ctx), input);
  },
  DescribeTable: (d, ctx, input) => describeTableOp(d, d.store.of(ctx), input.TableName),
  DescribeKinesisStreamingDestination: (d, ctx, input) => kinesis.describeKinesisStreamingDestination(d, d.store.of(ctx), input),
  EnableKinesisStreamingDestination: validatesThenNotImplemented(kinesis.FEATURE, (d, ctx, input) => kinesis.enableOrDisable(d, d.store.of(ctx), 'EnableKinesisStreamingDestination', input)),
  DisableKinesisStreamingDestination: validatesThenNotImplemented(kinesis.FEATURE, (d, ctx, input) => kinesis.enableOrDisable(d, d.store.of(ctx), 'DisableKinesisStreamingDestination', input)),
  UpdateKinesisStreamingDestination: (d, ctx, input) => kinesis.updateKinesisStreamingDestination(d, d.store.of(ctx), input),
  DeleteTable: (d, ctx, input) => deleteTable(d, d.store.of(ctx), input.TableName),
  ListTables: (d, ctx, input) => listTables(d, d.store.of(ctx), input),
  UpdateTable: (d, ctx, input) => updateTable(d, d.store.of(ctx), input),
  PutItem: (d, ctx, input) => inLayer('enveloped', () => putItem(d, d.store.of(ctx), input)),
  GetItem: (d, ctx, input) => getItem(d, d.store.of(ctx), input),
  UpdateItem: (d, ctx, input) => inLayer('enveloped', () => updateItem(d, d.store.of(ctx), input)),
  DeleteItem: (d, ctx, input) => inLayer('enveloped', () => deleteItem(d, d.store.of(ctx), input)),
  Query: (d, ctx, input) => query(d, d.store.of(ctx), input),
  Scan: (d, ctx, input) => inLayer('older', () => scan(d, d.store.of(ctx), input)),
  BatchGetItem: (d, ctx, input) => batchGetItem(d, d.store.of(ctx), input),
  BatchWriteItem: (d, ctx, input) => inLayer('older', () => batchWriteItem(d, d.store.of(ctx), input)),
  TransactWriteItems: (d, ctx, input) => inLayer('older', () => transactWriteItems(d, d.tokens, d.store.of(ctx), input)),
  TransactGetItems: (d, ctx, input) => inLayer('older', () => transactGetItems(d, d.store.of(ctx), input)),
  ExecuteStatement: (d, ctx, input) => executeStatement(d, d.store.of(ctx), input),
  BatchExecuteStatement: (d, ctx, input) => batchExecuteStatement(d, d.store.of(ctx), input),
  ExecuteTransaction: (d, ctx, input) => executeTransaction(d, d.store.of(ctx), input),
  TagResource: (d, ctx, input) => {
    settings.tagResource(d, d.store.of(ctx), input);
  },
  UntagResource: (d, ctx, input) => {
    settings.untagResource(d, d.store.of(ctx), input);
  },
  ListTagsOfResource: (d, ctx, input) => settings.listTagsOfResource(d, d.store.of(ctx), input),
  UpdateTimeToLive: (d, ctx, input) => settings.updateTimeToLive(d, d.store.of(ctx), input),
  DescribeTimeToLive: (d, ctx, input) => settings.describeTimeToLive(d, d.store.of(ctx), input.TableName),
  DescribeContinuousBackups: (d, ctx, input) => settings.describeContinuousBackups(d, d.store.of(ctx), input.TableName),
  UpdateContinuousBackups: (d, ctx, input) => settings.updateContinuousBackups(d, d.store.of(ctx), input),
  CreateBackup: (d, ctx, input) => backups.createBackup(d, d.store.of(ctx), input),
  DescribeBackup: (d, ctx, input) => backups.describeBackup(d, d.store.of(ctx), input.BackupArn),
  DeleteBackup: (d, ctx, input) => backups.deleteBackup(d, d.store.of(ctx), input.BackupArn),
  ListBackups: (d, ctx, input) => backups.listBackups(d, d.store.of(ctx), input),
  RestoreTableFromBackup: (d, ctx, input) => backups.restoreTableFromBackup(d, d.store.of(ctx), input),
  RestoreTableToPointInTime: (d, ctx, input) => backups.restoreTableToPointInTime(d, d.store.of(ctx), input),
  ExportTableToPointInTime: (d, ctx, input) => exportTableToPointInTime(d, d.invoke, d.store.of(ctx), input),
  DescribeExport: (d, ctx, input) => describeExport(d, d.store.of(ctx), input.ExportArn),
  ListExports: (d, ctx, input) => listExports(d, d.store.of(ctx), input),
  ImportTable: (d, ctx, input) => importTable(d, d.store.of(ctx), input),
  DescribeImport: (d, ctx, input) => describeImport(d, d.store.of(ctx), input.ImportArn),
  ListImports: (d, ctx, input) => listImports(d, d.store.of(ctx), input),
  PutResourcePolicy: (d, ctx, input) => putResourcePolicy(d, d.store.of(ctx), input),
  GetResourcePolicy: (d, ctx, input) => getResourcePolicy(d, d.store.of(ctx), input.ResourceArn),
  DeleteResourcePolicy: (d, ctx, input) => deleteResourcePolicy(d, d.store.of(ctx), input),
  DescribeContributorInsights: (d, ctx, input) => settings.describeContributorInsights(d, d.store.of(ctx), input),
  DescribeLimits: () => settings.describeLimits(),
  DescribeEndpoints: (d, ctx) => settings.describeEndpoints(d.store.of(ctx)),
});
