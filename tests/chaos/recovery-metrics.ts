/**
 * The recovery figures of a chaos run (pure): time from a chaos event to the next step of each job it interrupted,
 * jobs that recovered without a human, and the success rate of the jobs that could succeed.
 */
import type { ProvisioningProgress } from '../../workflows/contracts/provision-tenant';

export interface EventDelay {
  tenantId: string;
  /** From the event to the first step completion after it. */
  delayMs: number;
}

export interface InterruptedJobs {
  /** Jobs with a step in flight at the event, and how long until one of their steps next completed. */
  delays: EventDelay[];
  /** Jobs with a step in flight at the event that never completed a step afterwards. */
  noNextStep: string[];
}

function time(iso: string | null): number | undefined {
  return iso === null ? undefined : Date.parse(iso);
}

/**
 * For an event at `at` (ms since the epoch): every job with a step in flight then (started at or before `at`, not
 * finished before it) and the time from `at` to the first step completion after it. Step timestamps are workflow
 * time, i.e. when the workflow task that saw the step start or finish ran.
 */
export function interruptedJobs(at: number, jobs: readonly ProvisioningProgress[]): InterruptedJobs {
  const result: InterruptedJobs = { delays: [], noNextStep: [] };
  for (const job of jobs) {
    const inFlight = job.steps.some((s) => {
      const started = time(s.startedAt);
      const finished = time(s.finishedAt);
      return started !== undefined && started <= at && (finished === undefined || finished > at);
    });
    if (!inFlight) continue;
    const next = job.steps
      .filter((s) => s.status === 'completed')
      .map((s) => time(s.finishedAt))
      .filter((t): t is number => t !== undefined && t > at)
      .sort((a, b) => a - b)[0];
    if (next === undefined) result.noNextStep.push(job.tenantId);
    else result.delays.push({ tenantId: job.tenantId, delayMs: next - at });
  }
  return result;
}

/** True when some step needed more than one attempt or the job failed: the job met a fault. */
export function hitFault(job: ProvisioningProgress): boolean {
  return job.status !== 'completed' || job.steps.some((s) => s.attempts > 1);
}

export interface RecoveryShare {
  /** Jobs that met a fault (permanent jobs included: they met one by design). */
  hitFault: number;
  /** Of those, jobs that completed with no admin retry. */
  recoveredWithoutHuman: number;
  /** recoveredWithoutHuman / hitFault (1 when nothing hit a fault). */
  share: number;
  /** The same among jobs without a permanent fault. */
  nonPermanentHitFault: number;
  nonPermanentRecovered: number;
  nonPermanentShare: number;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/** Share of the jobs that met a fault and still completed on their own (`retryCount` 0). */
export function recoveryShare(jobs: readonly ProvisioningProgress[], permanent: ReadonlySet<string>): RecoveryShare {
  const recovered = (j: ProvisioningProgress) => j.status === 'completed' && j.retryCount === 0;
  const faulted = jobs.filter(hitFault);
  const faultedNonPermanent = faulted.filter((j) => !permanent.has(j.tenantId));
  return {
    hitFault: faulted.length,
    recoveredWithoutHuman: faulted.filter(recovered).length,
    share: ratio(faulted.filter(recovered).length, faulted.length),
    nonPermanentHitFault: faultedNonPermanent.length,
    nonPermanentRecovered: faultedNonPermanent.filter(recovered).length,
    nonPermanentShare: ratio(faultedNonPermanent.filter(recovered).length, faultedNonPermanent.length),
  };
}

/** Completed share of the jobs without a permanent fault. */
export function successRate(jobs: readonly ProvisioningProgress[], permanent: ReadonlySet<string>): number {
  const candidates = jobs.filter((j) => !permanent.has(j.tenantId));
  return ratio(candidates.filter((j) => j.status === 'completed').length, candidates.length);
}

export interface DelaySummary {
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

/** Median (lower middle), nearest-rank p95 and max of a list of delays. */
export function summarizeDelays(delays: readonly number[]): DelaySummary {
  if (delays.length === 0) return { count: 0, medianMs: null, p95Ms: null, maxMs: null };
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1] ?? 0 };
}
