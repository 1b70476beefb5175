// The statements of DynamoDB's PartiQL, parsed with their `?` parameters already bound: conditions, paths and
// update actions reuse the expression AST (expressions/ast.ts) so the evaluator and update code are shared.
import type { AttributeMap } from '../attribute-value.js';
import type { Condition, Path, UpdateAction } from '../expressions/ast.js';

/** RETURNING ALL OLD * etc., as UpdateItem's ReturnValues names them. */
export type Returning = 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

export interface SelectStatement {
  readonly kind: 'select';
  readonly table: string;
  readonly index?: string | undefined;
  /** undefined for `*`. */
  readonly projection?: readonly Path[] | undefined;
  readonly where?: Condition | undefined;
  readonly orderBy?: { readonly name: string; readonly descending: boolean } | undefined;
}

export interface InsertStatement {
  readonly kind: 'insert';
  readonly table: string;
  readonly item: AttributeMap;
}

export interface UpdateStatement {
  readonly kind: 'update';
  readonly table: string;
  readonly actions: readonly UpdateAction[];
  readonly where?: Condition | undefined;
  readonly returning?: Returning | undefined;
}

export interface DeleteStatement {
  readonly kind: 'delete';
  readonly table: string;
  readonly where?: Condition | undefined;
  readonly returning?: Returning | undefined;
}

/** EXISTS(SELECT ...): a condition check inside ExecuteTransaction. */
export interface ExistsStatement {
  readonly kind: 'exists';
  readonly select: SelectStatement;
}

export type PartiqlStatement = SelectStatement | InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement;
