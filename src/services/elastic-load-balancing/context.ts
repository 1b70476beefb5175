// What every CLB handler shares: the load balancers, the health monitor and data plane serving their traffic, the
// runtime clock and the in-process link to EC2 (subnets, security groups, instances).
import type { ServiceDeps } from '../service-definition.js';
import type { ClbDataPlane } from './dataplane/plane.js';
import type { ClbHealth } from './dataplane/health.js';
import type { ClbState } from './state.js';

export interface Clb {
  state: ClbState;
  deps: ServiceDeps;
  health: ClbHealth;
  plane: ClbDataPlane;
  now(): number;
}
