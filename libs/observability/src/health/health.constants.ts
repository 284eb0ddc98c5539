export const HEALTH_OPTIONS = 'riskstream:observability:HEALTH_OPTIONS';

export interface HealthModuleOptions {
  /**
   * Liveness fails when the longest event-loop stall since the previous liveness probe exceeds this
   * (default 2000 ms). One slow probe does not restart a pod; the orchestrator's failure threshold does.
   */
  maxEventLoopDelayMs?: number;
  /** Default timeout of each readiness check (default 3000 ms). */
  readinessTimeoutMs?: number;
}

export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 2000;
export const DEFAULT_READINESS_TIMEOUT_MS = 3000;
