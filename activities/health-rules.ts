/**
 * The health rules, as pure functions (no I/O, no clock): how an instance's checks become its status, how the status
 * moves its "unhealthy since" time, and when an alert is raised or resolved. Documented in docs/RUNBOOK.md (Health).
 *
 * Status from checks:
 * - `down` when the site or the Convex deployment is unreachable (`failed`: no answer, timeout, 5xx, 404);
 * - `degraded` when nothing is down but a check is `slow`, or answers wrongly (`error`: `health:ping` fails, the
 *   latest production Pages deployment is not live);
 * - `active` when every decided check is `ok`.
 * An `unknown` check (rate limited, provider list unreadable) decides nothing: with one, the status never improves
 * on the previous one (a 429 cannot turn `down` into `active`), and with only unknown checks it stays as it was.
 */
import type {
  HealthCheck,
  HealthCheckName,
  HealthCheckResult,
  HealthStatus,
} from '../workflows/contracts/health-sweep';

const SEVERITY: Record<HealthStatus, number> = { active: 0, degraded: 1, down: 2 };
const CRITICAL_CHECKS: ReadonlySet<HealthCheckName> = new Set(['site', 'convex']);

function worse(a: HealthStatus, b: HealthStatus): HealthStatus {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

function statusOfCheck(check: HealthCheckName, result: Exclude<HealthCheckResult, 'unknown'>): HealthStatus {
  if (result === 'ok') return 'active';
  if (result === 'failed' && CRITICAL_CHECKS.has(check)) return 'down';
  return 'degraded';
}

/** The status the checks give, or `undefined` when every check is `unknown` (keep the previous status). */
export function deriveHealthStatus(
  checks: readonly Pick<HealthCheck, 'check' | 'result'>[],
  previous: HealthStatus,
): HealthStatus | undefined {
  let status: HealthStatus = 'active';
  let decided = 0;
  let undecided = 0;
  for (const { check, result } of checks) {
    if (result === 'unknown') {
      undecided += 1;
      continue;
    }
    decided += 1;
    status = worse(status, statusOfCheck(check, result));
  }
  if (decided === 0) return undefined;
  return undecided > 0 ? worse(status, previous) : status;
}

export interface HealthState {
  status: HealthStatus;
  /** When the current unhealthy episode began; null while `active`. */
  unhealthySince: string | null;
}

/** The state after a check at `checkedAt` that gave `status`: an episode starts at the first unhealthy check. */
export function nextHealthState(previous: HealthState, status: HealthStatus, checkedAt: string): HealthState {
  if (status === 'active') return { status, unhealthySince: null };
  return { status, unhealthySince: previous.status === 'active' ? checkedAt : (previous.unhealthySince ?? checkedAt) };
}

export interface AlertThresholds {
  down: number;
  degraded: number;
}

export type AlertDecision =
  | { action: 'none' }
  /** The episode has lasted longer than the threshold of its current status and has no alert yet. */
  | { action: 'raise'; since: string }
  /** Healthy again with an alert open: resolve it and send one recovery notice. */
  | { action: 'resolve' };

/**
 * Whether an instance now in `state`, checked at `nowMs`, raises or resolves an alert. `alertOpen`: an alert of the
 * current (or an earlier, unresolved) episode exists. One alert per episode, whatever the status does inside it.
 */
export function decideAlert(
  state: HealthState,
  alertOpen: boolean,
  nowMs: number,
  thresholds: AlertThresholds,
): AlertDecision {
  if (state.status === 'active') return alertOpen ? { action: 'resolve' } : { action: 'none' };
  if (alertOpen || state.unhealthySince === null) return { action: 'none' };
  const lastedMs = nowMs - Date.parse(state.unhealthySince);
  return lastedMs >= thresholds[state.status] ? { action: 'raise', since: state.unhealthySince } : { action: 'none' };
}
