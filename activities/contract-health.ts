/**
 * Signatures of the health sweep's activities (workflows/health-sweep.ts), re-exported by ./contract.ts. Workflows
 * import them with `import type` only; one object in, one object out; fields are only added.
 */
import type { HealthCheck, HealthCounts, HealthStatus } from '../workflows/contracts/health-sweep';

/** Health sweeps (workflows/health-sweep.ts). */
export interface PlanHealthSweepInput {
  sweepId: string;
  /** The workflow's time at start; default: the worker's clock. */
  startedAt?: string;
  /** A one-instance live check: the plan is one batch of that instance (fails `InstanceNotCheckable` otherwise). */
  tenantId?: string;
}
/** The health targets with `afterTenantId < tenantId <= throughTenantId` (null: unbounded). */
export interface HealthBatch {
  afterTenantId: string | null;
  throughTenantId: string | null;
}
export interface PlanHealthSweepResult {
  startedAt: string;
  batches: HealthBatch[];
  /** How many batch activities run at once. */
  parallelBatches: number;
}
export interface CheckHealthBatchInput extends HealthBatch {
  sweepId: string;
  tenantId?: string;
  /**
   * The sweep's clock: the workflow's time when it dispatched the batch, recorded as the check time and used for the
   * alert thresholds (so the time-skipping test server's time applies). Default: the worker's clock.
   */
  checkedAt?: string;
}
export interface CheckHealthBatchResult {
  checked: number;
  counts: HealthCounts;
  transitions: number;
  alertsRaised: number;
  rateLimited: number;
  /** Cloudflare API requests this batch made (the sweep's one project list, when this batch read it). */
  cloudflareRequests: number;
  /** Only for a one-instance check. */
  instances?: { tenantId: string; status: HealthStatus; checks: HealthCheck[] }[];
}
export interface DeliverHealthAlertsInput {
  sweepId: string;
}
export interface DeliverHealthAlertsResult {
  delivered: number;
  /** Alerts still undelivered on a channel (retried by the next sweep). */
  pending: number;
}
export interface CompleteHealthSweepInput {
  sweepId: string;
  startedAt: string;
  /** The workflow's time at completion; default: the worker's clock. */
  completedAt?: string;
  checked: number;
  counts: HealthCounts;
}

export interface HealthActivities {
  /** Records the sweep's start and splits the targets into batches (a few boundaries, whatever the fleet size). */
  planHealthSweep(input: PlanHealthSweepInput): Promise<PlanHealthSweepResult>;
  /** Checks one batch with bounded concurrency and stores statuses, transitions and alerts; heartbeats. */
  checkHealthBatch(input: CheckHealthBatchInput): Promise<CheckHealthBatchResult>;
  /** Sends undelivered alerts by email and signed webhook (retried with backoff); idempotent per alert and channel. */
  deliverHealthAlerts(input: DeliverHealthAlertsInput): Promise<DeliverHealthAlertsResult>;
  /** Records the sweep as completed (what the monitor of the monitor watches). */
  completeHealthSweep(input: CompleteHealthSweepInput): Promise<void>;
}
