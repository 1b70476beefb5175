// DynamoDB's authorization: reads through an index are authorized on the index's ARN, batches on every table they
// name, and transactions and PartiQL item by item (each item's action on its table) as the DynamoDB guide documents.
import type { ArnScope, ServiceAuthorization, SubRequest } from '../action-map.js';
import { parsePartiql } from '../../services/dynamodb/partiql/parser.js';
import type { PartiqlStatement } from '../../services/dynamodb/partiql/ast.js';
import type { AttributeValue } from '../../services/dynamodb/attribute-value.js';
import { str } from './input-values.js';

/** A table's ARN; TableName may itself be the table's ARN (DynamoDB accepts either). */
function tableArn(table: string, scope: ArnScope): string {
  return table.startsWith('arn:') ? table : `arn:${scope.partition ?? 'aws'}:dynamodb:${scope.region}:${scope.account}:table/${table}`;
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

// "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for the underlying
// PutItem, UpdateItem, DeleteItem, and GetItem operations. For the ConditionCheck action, you can use the
// dynamodb:ConditionCheckItem permission" (DynamoDB developer guide, "Using IAM with DynamoDB transactions"); the
// dynamodb:EnclosingOperation key names the transaction.
const TRANSACT_MEMBERS: Readonly<Record<string, string>> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

function transactItems(operation: string, input: Readonly<Record<string, unknown>>): SubRequest[] {
  const out: SubRequest[] = [];
  for (const item of Array.isArray(input.TransactItems) ? input.TransactItems : []) {
    for (const [member, body] of Object.entries(record(item))) {
      const action = TRANSACT_MEMBERS[member];
      const table = str(record(body).TableName);
      if (action && table) out.push({ operation: action, input: { TableName: table }, conditionValues: { 'dynamodb:EnclosingOperation': operation } });
    }
  }
  return out;
}

// PartiQL statements are authorized as dynamodb:PartiQLSelect/Insert/Update/Delete on the statement's table (or
// index), an EXISTS condition as PartiQLSelect (DynamoDB developer guide, "IAM security policies with PartiQL").
const PARTIQL_ACTIONS: Readonly<Record<PartiqlStatement['kind'], string>> = {
  select: 'PartiQLSelect', insert: 'PartiQLInsert', update: 'PartiQLUpdate', delete: 'PartiQLDelete', exists: 'PartiQLSelect',
};

function statementRequest(statement: unknown, parameters: unknown, enclosing: string): SubRequest[] {
  if (typeof statement !== 'string') return [];
  let parsed: PartiqlStatement;
  try {
    parsed = parsePartiql(statement, Array.isArray(parameters) ? (parameters as AttributeValue[]) : []);
  } catch {
    // A statement that does not parse fails the same way in the operation, which reads nothing: no item to authorize.
    return [];
  }
  const target = parsed.kind === 'exists' ? parsed.select : parsed;
  const index = target.kind === 'select' ? target.index : undefined;
  return [{ operation: PARTIQL_ACTIONS[parsed.kind], input: { TableName: target.table, IndexName: index }, conditionValues: { 'dynamodb:EnclosingOperation': enclosing } }];
}

function partiqlRequests(operation: string, input: Readonly<Record<string, unknown>>): SubRequest[] {
  if (operation === 'ExecuteStatement') return statementRequest(input.Statement, input.Parameters, operation);
  const list = operation === 'ExecuteTransaction' ? input.TransactStatements : input.Statements;
  return (Array.isArray(list) ? list : []).flatMap((s) => statementRequest(record(s).Statement, record(s).Parameters, operation));
}

const INDEX_READS = new Set(['Query', 'Scan', 'PartiQLSelect']);

export const DYNAMODB_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'dynamodb',
  subRequests(operation, input) {
    if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') return transactItems(operation, input);
    if (operation === 'ExecuteStatement' || operation === 'BatchExecuteStatement' || operation === 'ExecuteTransaction') return partiqlRequests(operation, input);
    return undefined;
  },
  resourceArns(operation, input, scope) {
    const table = str(input.TableName);
    // A read through an index is authorized on the index (arn:…:table/<table>/index/<index>).
    const index = str(input.IndexName);
    if (table && index && INDEX_READS.has(operation)) return [`${tableArn(table, scope)}/index/${index}`];
    // BatchGetItem and BatchWriteItem need their action on every table they name (RequestItems' keys).
    if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
      const tables = Object.keys(record(input.RequestItems));
      return tables.length > 0 ? tables.map((t) => tableArn(t, scope)) : undefined;
    }
    return table?.startsWith('arn:') ? [table] : undefined;
  },
};
