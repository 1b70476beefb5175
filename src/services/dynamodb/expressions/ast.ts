// The expression AST shared by condition, filter, key-condition, projection and update expressions (and legacy.ts).
// Placeholders are already substituted: paths hold real attribute names, operands hold validated values.
import type { AttributeValue } from '../attribute-value.js';

export type PathElement = string | number; // map key, or list index
export type Path = readonly PathElement[];

export type Operand =
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'value'; readonly value: AttributeValue; readonly placeholder: string }
  | { readonly kind: 'size'; readonly path: Path };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type ConditionFunction = 'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';

export type Condition =
  | { readonly kind: 'compare'; readonly op: Comparator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly operand: Operand; readonly low: Operand; readonly high: Operand }
  | { readonly kind: 'in'; readonly operand: Operand; readonly list: readonly Operand[] }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly condition: Condition }
  | { readonly kind: 'function'; readonly name: ConditionFunction; readonly args: readonly Operand[] };

/** Right-hand side of a SET action. */
export type SetValue =
  | { readonly kind: 'operand'; readonly operand: Operand }
  | { readonly kind: 'if_not_exists'; readonly path: Path; readonly fallback: SetValue }
  | { readonly kind: 'list_append'; readonly first: SetValue; readonly second: SetValue }
  | { readonly kind: 'arith'; readonly op: '+' | '-'; readonly left: SetValue; readonly right: SetValue };

export type UpdateAction =
  | { readonly kind: 'SET'; readonly path: Path; readonly value: SetValue }
  | { readonly kind: 'REMOVE'; readonly path: Path }
  | { readonly kind: 'ADD'; readonly path: Path; readonly value: AttributeValue }
  | { readonly kind: 'DELETE'; readonly path: Path; readonly value: AttributeValue };

/** DynamoDB prints document paths as `[a, b, [2]]` in its overlap/conflict messages. */
export function formatPath(path: Path): string {
  return `[${path.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}
