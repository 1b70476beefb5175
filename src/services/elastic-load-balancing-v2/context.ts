// What every elbv2 handler shares: the resource state, the health monitor and data plane that serve traffic, the
// runtime clock and the in-process link to EC2 (subnets, instances).
import type { ServiceDeps } from '../service-definition.js';
import type { DataPlane } from './dataplane/data-plane.js';
import type { HealthMonitor } from './dataplane/health.js';
import type { Elbv2State } from './state.js';

export interface Elbv2 {
  state: Elbv2State;
  deps: ServiceDeps;
  health: HealthMonitor;
  plane: DataPlane;
  now(): number;
}
