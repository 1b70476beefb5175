// Warm throughput of tables and GSIs: what each has without a request, and the rules for raising it (CreateTable,
// UpdateTable, GSI Create/Update). Pure, so the rules are unit-tested apart from the table store.
import { validationException } from '../../core/aws-error.js';
import type { WarmThroughput } from '../../generated/dynamodb/api.js';
import type { Throughput } from './table-schema.js';

export interface WarmUnits {
  read: number;
  write: number;
}

/**
 * New on-demand tables and GSIs start at 12,000 read and 4,000 write units per second; a provisioned one's warm
 * throughput is its provisioned capacity (developer guide, "Understanding DynamoDB warm throughput in different
 * scenarios").
 */
export const ON_DEMAND_WARM: WarmUnits = { read: 12000, write: 4000 };

export function baselineWarm(onDemand: boolean, throughput: Throughput | undefined): WarmUnits {
  return onDemand ? ON_DEMAND_WARM : { read: throughput?.read ?? 0, write: throughput?.write ?? 0 };
}

/**
 * The warm throughput in effect: a requested value, raised by provisioned capacity above it ("as you increase the
 * provisioned throughput beyond these values, the warm throughput will automatically adjust").
 */
export function effectiveWarm(requested: WarmThroughput | undefined, baseline: WarmUnits): WarmUnits {
  return {
    read: Math.max(requested?.ReadUnitsPerSecond ?? 0, baseline.read),
    write: Math.max(requested?.WriteUnitsPerSecond ?? 0, baseline.write),
  };
}

/**
 * Checks a request to set warm throughput against what the table or index has now and returns the value to store.
 * Warm throughput only rises: "Once increased, you can't decrease your warm throughput values" (developer guide).
 * Values below the current ones, so below the on-demand defaults or the provisioned capacity, are refused. The
 * wording is ours around the phrase AWS answers with ("decreasing WarmThroughput is not supported").
 */
export function raiseWarm(requested: WarmThroughput, current: WarmUnits, what: string): WarmThroughput {
  if (requested.ReadUnitsPerSecond === undefined && requested.WriteUnitsPerSecond === undefined) {
    throw validationException(`One or more parameter values were invalid: WarmThroughput for ${what} must specify ReadUnitsPerSecond or WriteUnitsPerSecond`);
  }
  const out: WarmThroughput = {};
  for (const [member, have] of [['ReadUnitsPerSecond', current.read], ['WriteUnitsPerSecond', current.write]] as const) {
    const want = requested[member];
    if (want === undefined) {
      out[member] = have;
      continue;
    }
    if (!Number.isInteger(want) || want < 1) {
      throw validationException(`One or more parameter values were invalid: WarmThroughput ${member} for ${what} must be a positive integer`);
    }
    if (want < have) {
      throw validationException(`One or more parameter values were invalid: decreasing WarmThroughput is not supported: requested ${member} of ${want} for ${what} is below its current warm throughput of ${have}`);
    }
    out[member] = want;
  }
  return out;
}
