// How probe results become a health check's status: FailureThreshold consecutive results flip it, Inverted
// swaps it, Disabled makes it healthy, and CALCULATED checks count healthy children against HealthThreshold.

export interface HealthCheckConfigLike {
  Type: string;
  FailureThreshold?: number;
  Inverted?: boolean;
  Disabled?: boolean;
  HealthThreshold?: number;
  ChildHealthChecks?: string[];
  InsufficientDataHealthStatus?: 'Healthy' | 'Unhealthy' | 'LastKnownStatus';
}

/** What the checker remembers between probes of one endpoint health check. */
export interface ProbeState {
  /** The endpoint's status before Inverted/Disabled apply. */
  endpointHealthy: boolean;
  /** Consecutive probe results that disagree with `endpointHealthy`. */
  streak: number;
}

/** Route 53 starts a new health check as healthy until FailureThreshold probes say otherwise. */
export const INITIAL_PROBE_STATE: ProbeState = { endpointHealthy: true, streak: 0 };

/**
 * Route 53: "When an endpoint is healthy, it is considered unhealthy after FailureThreshold consecutive failed
 * checks; when unhealthy, healthy after the same number of consecutive successful checks" (default 3).
 */
export function nextProbeState(state: ProbeState, probeHealthy: boolean, failureThreshold = 3): ProbeState {
  if (probeHealthy === state.endpointHealthy) return { endpointHealthy: state.endpointHealthy, streak: 0 };
  const streak = state.streak + 1;
  return streak >= failureThreshold ? { endpointHealthy: probeHealthy, streak: 0 } : { endpointHealthy: state.endpointHealthy, streak };
}

/** The status DNS answers see: Disabled is always healthy; Inverted swaps the endpoint's status. */
export function reportedStatus(config: HealthCheckConfigLike, endpointHealthy: boolean): boolean {
  if (config.Disabled) return true;
  return config.Inverted ? !endpointHealthy : endpointHealthy;
}

/** CALCULATED: healthy when at least HealthThreshold children are healthy (unknown children count as unhealthy). */
export function calculatedHealthy(config: HealthCheckConfigLike, childStatus: (id: string) => boolean | undefined): boolean {
  const children = config.ChildHealthChecks ?? [];
  const healthy = children.filter((id) => childStatus(id) === true).length;
  return healthy >= (config.HealthThreshold ?? children.length);
}
