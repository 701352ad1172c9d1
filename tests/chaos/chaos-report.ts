/**
 * What a chaos run returns: each job's outcome, the two inventory checks, the chaos events with the time each took
 * to be recovered from, and the summary figures (recovered without a human, success rate, leaked resources).
 */
import type { FaultRule } from '../../sandbox/faults';
import type { JobStatus, ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import type { ChaosJob } from './chaos-jobs';
import type { ChaosEvent } from './chaos-options';
import { permanentFaults } from './fault-plan';
import { countNames, type InventoryDiff } from './inventory-diff';
import type { DelaySummary, InterruptedJobs, RecoveryShare } from './recovery-metrics';
import type { WorkerExit } from './worker-supervisor';

export interface JobOutcome {
  tenantId: string;
  jobId: string;
  permanentGroup: string | null;
  /** Status when every job had settled (completed or failed), or the last one seen. */
  settledStatus: JobStatus | null;
  /** Status at the end of the run (after the grace of the failed jobs). */
  finalStatus: JobStatus | null;
  failedStep: string | null;
  errorType: string | null;
  /** For permanent jobs: the step and failure type the fault must cause. */
  expectedFailure: { step: string; type: string } | null;
  /** Workflow time of the job's start, and of its end (completed or cleaned up); ISO. */
  startedAt: string | null;
  finishedAt: string | null;
  /** Highest attempt count of any step. */
  maxAttempts: number;
  retryCount: number;
  /** Compensations that could not complete (progress `leaks`). */
  leaks: string[];
}

export interface EventRecord {
  kind: ChaosEvent['kind'];
  /** When the worker was killed or the server stopped (ms since the epoch). */
  at: number;
  /** When the new worker polled, or the server answered again. */
  backAt: number;
  interrupted: InterruptedJobs;
}

export interface InventoryCheck {
  takenAt: number;
  expectedCount: number;
  diff: InventoryDiff;
}

export interface ChaosReport {
  runId: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  settings: {
    jobs: number;
    permanentJobs: number;
    startWindowMs: number;
    transientFaultRate: number;
    commitThen500Rate: number;
    cleanupGraceMs: number;
    maxAttempts: number;
  };
  jobs: JobOutcome[];
  /** Jobs not completed or failed when the settle timeout passed, with their last status. */
  unsettled: { jobId: string; status: JobStatus | null; currentStep: string | null }[];
  /** Failed jobs that did not reach `cleaned_up` within grace + 60 s. */
  notCleanedUp: string[];
  /** Start calls and progress queries that failed during restarts and were retried. */
  retriedCalls: { starts: number; queries: number };
  events: EventRecord[];
  killToNextStep: DelaySummary;
  serverRestartToNextStep: DelaySummary;
  /** Inventory while the failed jobs wait in their grace: completed jobs plus what the failed ones hold. */
  duringGrace: InventoryCheck & {
    /** Earliest cleanupAt of a failed job; the check only counts when it was taken before this. */
    earliestCleanupAt: number | null;
  };
  /** Inventory after the failed jobs were cleaned up: the completed jobs alone. */
  afterGrace: InventoryCheck;
  recovery: RecoveryShare;
  successRate: number;
  /** Leaked, duplicated and dangling resources in the final inventory. */
  leakedResources: number;
  faultsFired: Pick<FaultRule, 'provider' | 'operation' | 'kind' | 'match' | 'fired'>[];
  workerUnexpectedExits: Omit<WorkerExit, 'output'>[];
  /** Finished jobs started again (as an admin can, from the UI or the CLI), half of them cancelled at once. */
  repeats: RepeatReport;
  /** Tenants whose job completed but whose instance is not `active` at the end (must be none). */
  instancesNotActive: { tenantId: string; status: string | null }[];
}

export interface RepeatReport {
  started: number;
  /** Repeats that completed at once as already provisioned. */
  alreadyProvisioned: number;
  /** Repeats cancelled before they did anything. */
  cancelled: number;
  /** Any other outcome, described (must be none). */
  other: string[];
}

/** One job's outcome from its progress when settled and at the end. */
export function jobOutcome(
  job: ChaosJob,
  runId: string,
  settled: ProvisioningProgress | undefined,
  final: ProvisioningProgress | undefined,
): JobOutcome {
  const fault = permanentFaults(runId).find((p) => p.group === job.permanentGroup);
  const last = final ?? settled;
  return {
    tenantId: job.tenantId,
    jobId: job.jobId,
    permanentGroup: job.permanentGroup,
    settledStatus: settled?.status ?? null,
    finalStatus: final?.status ?? null,
    failedStep: settled?.error?.step ?? null,
    errorType: settled?.error?.type ?? null,
    expectedFailure: fault ? { step: fault.failedStep, type: fault.failureType } : null,
    startedAt: last?.startedAt ?? null,
    finishedAt: last?.finishedAt ?? null,
    maxAttempts: Math.max(0, ...(last?.steps.map((s) => s.attempts) ?? [])),
    retryCount: last?.retryCount ?? 0,
    leaks: (last?.leaks ?? []).map((l) => `${l.step}: ${l.error}`),
  };
}

/** Leaked + duplicated + dangling resources of an inventory check. */
export function leakedCount(diff: InventoryDiff): number {
  return countNames(diff.leaked) + countNames(diff.duplicated) + diff.dangling.length;
}
