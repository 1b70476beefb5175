// How AWS's Java front ends spell a list of structures inside a model-constraint message: the request objects'
// toString, so "Value '[TransactWriteItem(conditionCheck=null, put=Put(item={pk=…AttributeValue@1a2b3c}, …), …)]'".
import type { ServiceModel, Shape } from '../core/model.js';

/**
 * Evidence (public issue threads quoting real DynamoDB answers):
 * - risingwavelabs/risingwave#17572 (2024), BatchWriteItem over 25: `WriteRequest(putRequest=PutRequest(item={v1=
 *   com.amazonaws.dynamodb.v20120810.AttributeValue@79175931, …}, workloadProfileName=null), deleteRequest=null)`:
 *   structures print as `Name(member=value, …)` with camel-case members in model order and `null` for absent ones,
 *   maps as `{key=value, …}`, and AttributeValue keeps Java's default `<class>@<hash>` (equal values, equal hash).
 * - cortexproject/cortex#199 and boto/boto3#483 (2016–17) show the older all-`@hash` form.
 * The hash is Java-like (String.hashCode over the value's JSON), so equal values print alike; AWS's own hash and
 * members AWS keeps internally (workloadProfileName above) cannot be reproduced.
 */
// KeySchemaElement too: a 3-element table KeySchema reads '[com.amazonaws.dynamodb.v20120810.KeySchemaElement@ad28eb1d,
// …]' (ack-api-quirks dynamodb, DDB-TABLE-042, probed against AWS 2026-10-08).
const OPAQUE = new Set(['AttributeValue', 'KeySchemaElement']);

function javaHash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

/** Java's default Object.toString: `<package>.<Class>@<hash>`. */
export function javaObjectRef(pkg: string, className: string, value: unknown): string {
  return `${pkg}.${className}@${javaHash(JSON.stringify(value))}`;
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `com.amazonaws.<endpointPrefix>.v<apiVersion without dashes>`, e.g. com.amazonaws.dynamodb.v20120810. */
function javaPackage(model: ServiceModel): string {
  return `com.amazonaws.${model.metadata.endpointPrefix}.v${model.metadata.apiVersion.replace(/-/g, '')}`;
}

export function javaToString(model: ServiceModel, shapeName: string, value: unknown): string {
  if (value === undefined || value === null) return 'null';
  const shape: Shape | undefined = model.shapes[shapeName];
  if (!shape) return String(value);
  switch (shape.type) {
    case 'structure': {
      if (OPAQUE.has(shapeName) || shape.union) return javaObjectRef(javaPackage(model), shapeName, value);
      const v = value as Record<string, unknown>;
      const members = Object.entries(shape.members ?? {}).map(([name, ref]) => `${camel(name)}=${javaToString(model, ref.shape, v[name])}`);
      return `${shapeName}(${members.join(', ')})`;
    }
    case 'list':
      return Array.isArray(value) ? `[${value.map((x) => javaToString(model, shape.member?.shape ?? '', x)).join(', ')}]` : String(value);
    case 'map':
      if (typeof value !== 'object') return String(value);
      return `{${Object.entries(value as Record<string, unknown>).map(([k, x]) => `${k}=${javaToString(model, shape.value?.shape ?? '', x)}`).join(', ')}}`;
    case 'blob': {
      const n = typeof value === 'string' ? Buffer.from(value, 'base64').length : (value as Uint8Array).length;
      return `java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]`;
    }
    default:
      return String(value);
  }
}
