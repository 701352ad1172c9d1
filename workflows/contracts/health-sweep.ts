/**
 * Contract of `healthSweep` (DESIGN.md public contract): its input and result, the health statuses and the shape of
 * one check. Imported by the workflow, the activities, the store and the clients; types and constants only.
 */

/** Health of a provisioned instance (the instance statuses a sweep writes). */
export type HealthStatus = 'active' | 'degraded' | 'down';
export const HEALTH_STATUSES = ['active', 'degraded', 'down'] as const satisfies readonly HealthStatus[];

/** What each check looks at: the Convex deployment (`health:ping`), the live Pages deployment, the site. */
export type HealthCheckName = 'convex' | 'pages' | 'site';

/**
 * Outcome of one check: `ok`; `slow` (answered, slower than the slow threshold); `error` (answered, but wrongly:
 * e.g. `health:ping` fails or the Pages deployment is not live); `failed` (unreachable, timed out or 5xx);
 * `unknown` (not decided: rate limited, or the provider list could not be read), which never changes a status.
 */
export type HealthCheckResult = 'ok' | 'slow' | 'error' | 'failed' | 'unknown';

export interface HealthCheck {
  check: HealthCheckName;
  result: HealthCheckResult;
  /** Time to the answer; null when there was none. */
  latencyMs: number | null;
  detail: string;
}

/** Schedule ID and workflow ID prefix of the sweeps; a one-instance live check uses `health-check-<tenantId>-…`. */
export const HEALTH_SWEEP_SCHEDULE_ID = 'health-sweep';

export interface HealthSweepInput {
  /** Check this one instance only (an on-demand live check): no sweep record, same rules, same store writes. */
  tenantId?: string;
}

export interface HealthCounts {
  active: number;
  degraded: number;
  down: number;
  /** Instances whose checks were all `unknown` (status left as it was). */
  undecided: number;
}

export interface HealthSweepResult {
  sweepId: string;
  checked: number;
  counts: HealthCounts;
  transitions: number;
  alertsRaised: number;
  /** Checks answered 429 (they slowed the sweep down and decided nothing). */
  rateLimited: number;
  alertsDelivered: number;
  /** The instances checked, with their checks: only for a one-instance check. */
  instances?: { tenantId: string; status: HealthStatus; checks: HealthCheck[] }[];
}

/** Failure types of healthSweep's activities. */
export const HealthFailureType = {
  /** The instance of a one-instance check is not provisioned (unknown, provisioning or removed). */
  InstanceNotCheckable: 'InstanceNotCheckable',
} as const;
