// The elbv2 resources as kumo keeps them: each record is the AWS output shape plus what the data plane needs
// (scope, attributes, targets and their health), stored as one JSON document per resource (state.ts).
import type { Action, Certificate, LoadBalancer, RuleCondition, Tag, TargetGroup } from '../../generated/elastic-load-balancing-v2/api.js';

export interface Scoped {
  account: string;
  region: string;
}

export interface LoadBalancerRecord extends Scoped {
  lb: LoadBalancer & { LoadBalancerArn: string; LoadBalancerName: string; Type: 'application' | 'network' };
  attributes: Record<string, string>;
  tags: Tag[];
  /** Subnet ids as given, one per AZ. */
  subnets: string[];
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

export interface TargetRecord {
  id: string;
  port: number;
  /** AZ given, or of the instance / subnet; 'all' for outside-VPC addresses registered to every zone. */
  zone: string;
  /** Where traffic goes: loopback address and port. */
  host: string;
  registeredAt: number;
  /** Draining ends at this time (runtime clock ms). */
  drainUntil?: number;
  /** Instance targets: the process binds ports below 1024 at port + this (KUMO_LOW_PORT_OFFSET), so they are dialled
   *  there, as CLB dials instances (issue 20, "Ports"). */
  lowPortOffset?: number;
}

/** The local port a target's port is dialled at (traffic and health checks). */
export function dialPort(t: TargetRecord, port: number): number {
  return t.lowPortOffset && port < 1024 ? port + t.lowPortOffset : port;
}

export interface TargetGroupRecord extends Scoped {
  tg: TargetGroup & { TargetGroupArn: string; TargetGroupName: string; TargetType: string };
  attributes: Record<string, string>;
  tags: Tag[];
  targets: TargetRecord[];
}

export interface ListenerRecord extends Scoped {
  arn: string;
  lbArn: string;
  port: number;
  protocol: string;
  sslPolicy?: string;
  certificates?: Certificate[];
  alpnPolicy?: string[];
  defaultActions: Action[];
  attributes: Record<string, string>;
  tags: Tag[];
}

export interface RuleRecord extends Scoped {
  arn: string;
  listenerArn: string;
  /** 1–50000, or 'default'. */
  priority: string;
  conditions: RuleCondition[];
  actions: Action[];
  tags: Tag[];
}
