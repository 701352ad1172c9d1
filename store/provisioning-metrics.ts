/**
 * Provisioning metrics: one record per finished job run (derived from its final progress), and the summary over a
 * date range with the roadmap's KPIs against their targets. Pure functions shared by every store adapter: no I/O,
 * no clock.
 *
 * Definitions (docs/METRICS.md says the same):
 * - A run counts once it ends `completed`, `cleaned_up` or `cancelled`; a run that found the tenant already
 *   provisioned changed nothing and is not counted.
 * - Success rate: completed / (completed + cleaned_up). A cancel is an admin's decision, not a failure.
 * - Durations (average, p50, p95): start to finish of the completed runs, admin retries and their waits included.
 * - A run "hit a fault" when a step needed more than one attempt or the run went `failed`; it "recovered on its own"
 *   when it hit a fault and completed without an admin retry. Auto-recovery rate: recovered on its own / hit a fault.
 * - Failures by step and by error type: every time a run went `failed`.
 * - MTTR: mean time from a run's first failure to its completion, over the runs that failed and then completed.
 * - MTTD and health coverage: ./health-kpis.ts (from the health sweeps of the same range).
 */
import { EMPTY_HEALTH_KPI_PARTS, type HealthKpiParts, type HealthKpiSummary, summarizeHealthKpis } from './health-kpis';
import type { JobRecord, ProvisioningMetricsRecord } from './port';

export interface ProvisioningMetricsSummary {
  from: string | null;
  to: string | null;
  runs: number;
  completed: number;
  cleanedUp: number;
  cancelled: number;
  /** null when no run ended completed or cleaned up in the range. */
  successRate: number | null;
  durationMs: { average: number | null; p50: number | null; p95: number | null };
  failuresByStep: Record<string, number>;
  failuresByErrorType: Record<string, number>;
  hitFault: number;
  autoRecovered: number;
  autoRecoveryRate: number | null;
  /** Mean time to recovery of failed runs that completed (ms); null when there was none. */
  mttrMs: number | null;
  /** Health detections in the range and their mean window (./health-kpis.ts). */
  detections: HealthKpiSummary['detections'];
  mttdMs: HealthKpiSummary['mttdMs'];
  healthCoverage: HealthKpiSummary['healthCoverage'];
  kpis: Kpi[];
}

export interface Kpi {
  name: 'success_rate' | 'average_duration' | 'auto_recovery_rate' | 'mttd' | 'mttr' | 'health_coverage';
  value: number | null;
  target: number;
  /** `gt`: the value must exceed the target; `gte`: reach it; `lt`: stay below it. */
  comparison: 'gt' | 'gte' | 'lt';
  /** null when there is no value to judge. */
  met: boolean | null;
}

/**
 * The roadmap's targets: success > 99 %, average < 3 min, auto-recovery > 80 %, MTTD < 5 min, MTTR < 15 min,
 * health coverage 100 %.
 */
export const KPI_TARGETS = {
  success_rate: 0.99,
  average_duration: 3 * 60_000,
  auto_recovery_rate: 0.8,
  mttd: 5 * 60_000,
  mttr: 15 * 60_000,
  health_coverage: 1,
} as const;

const FINAL = ['completed', 'cleaned_up', 'cancelled'] as const;
type FinalStatus = (typeof FINAL)[number];

/** The metrics record of a finished run, or undefined for a run still going or one that changed nothing. */
export function provisioningMetricsOf(job: JobRecord): ProvisioningMetricsRecord | undefined {
  const { progress } = job;
  if (!(FINAL as readonly string[]).includes(job.status) || progress.alreadyProvisioned) return undefined;
  const finishedAt = job.finishedAt ?? progress.finishedAt;
  if (!finishedAt) return undefined;
  const durationMs = Math.max(0, Date.parse(finishedAt) - Date.parse(job.startedAt));
  const failures = progress.failures ?? [];
  const attempts = progress.steps.reduce((sum, step) => sum + step.attempts, 0);
  const hitFault = failures.length > 0 || job.retryCount > 0 || progress.steps.some((s) => s.attempts > 1);
  const stepDurationsMs: Record<string, number> = {};
  for (const step of progress.steps) {
    if (step.status !== 'completed' || !step.startedAt || !step.finishedAt) continue;
    const ms = Date.parse(step.finishedAt) - Date.parse(step.startedAt);
    if (Number.isFinite(ms) && ms >= 0) stepDurationsMs[step.name] = ms;
  }
  const first = failures[0];
  return {
    jobId: job.jobId,
    tenantId: job.tenantId,
    plan: job.plan,
    outcome: job.status as FinalStatus,
    startedAt: job.startedAt,
    finishedAt,
    durationMs: Number.isFinite(durationMs) ? durationMs : 0,
    failedStep: first?.step ?? job.failedStep,
    errorType: first?.type ?? job.errorType,
    failures: failures.map((f) => ({ step: f.step, type: f.type, at: f.at })),
    attempts,
    retries: job.retryCount,
    hitFault,
    autoRecovered: job.status === 'completed' && hitFault && job.retryCount === 0,
    stepDurationsMs,
  };
}

/** The `q` quantile (0..1) of sorted values, nearest rank; null for no values. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length);
}

function kpi(name: Kpi['name'], value: number | null, comparison: Kpi['comparison']): Kpi {
  const target = KPI_TARGETS[name];
  const met =
    value === null
      ? null
      : comparison === 'gt'
        ? value > target
        : comparison === 'gte'
          ? value >= target
          : value < target;
  return { name, value, target, comparison, met };
}

/**
 * What a summary is computed from, which an adapter can gather cheaply (SQL aggregates): counts by outcome, the
 * durations of the completed runs, and only the runs that failed at least once.
 */
export interface MetricsParts {
  counts: Record<ProvisioningMetricsRecord['outcome'], { runs: number; hitFault: number; autoRecovered: number }>;
  /** Durations of the completed runs, ascending. */
  completedDurationsMs: number[];
  failedRuns: Pick<ProvisioningMetricsRecord, 'outcome' | 'finishedAt' | 'failures'>[];
  /** The health sweeps' parts of the same range; none when omitted (the health KPIs are then null). */
  health?: HealthKpiParts;
}

/** The parts of `records` (for adapters without aggregate queries, and the tests). */
export function metricsPartsOf(records: readonly ProvisioningMetricsRecord[]): MetricsParts {
  const zero = () => ({ runs: 0, hitFault: 0, autoRecovered: 0 });
  const counts = { completed: zero(), cleaned_up: zero(), cancelled: zero() };
  for (const record of records) {
    const count = counts[record.outcome];
    count.runs += 1;
    if (record.hitFault) count.hitFault += 1;
    if (record.autoRecovered) count.autoRecovered += 1;
  }
  return {
    counts,
    completedDurationsMs: records
      .filter((r) => r.outcome === 'completed')
      .map((r) => r.durationMs)
      .sort((a, b) => a - b),
    failedRuns: records.filter((r) => r.failures.length > 0),
  };
}

/** The summary of the runs in `records` (already limited to the range by the caller). */
export function summarizeProvisioningMetrics(
  records: readonly ProvisioningMetricsRecord[],
  range: { from?: string; to?: string } = {},
  health: HealthKpiParts = EMPTY_HEALTH_KPI_PARTS,
): ProvisioningMetricsSummary {
  return summarizeMetricsParts({ ...metricsPartsOf(records), health }, range);
}

/** The summary from its parts: the one definition of every figure (see the module comment). */
export function summarizeMetricsParts(
  parts: MetricsParts,
  range: { from?: string; to?: string } = {},
): ProvisioningMetricsSummary {
  const { counts, completedDurationsMs: durations, failedRuns } = parts;
  const failuresByStep: Record<string, number> = {};
  const failuresByErrorType: Record<string, number> = {};
  const recoveries: number[] = [];
  for (const run of failedRuns) {
    for (const failure of run.failures) {
      const step = failure.step ?? 'unknown';
      failuresByStep[step] = (failuresByStep[step] ?? 0) + 1;
      failuresByErrorType[failure.type] = (failuresByErrorType[failure.type] ?? 0) + 1;
    }
    const first = run.failures[0];
    if (run.outcome === 'completed' && first) {
      recoveries.push(Math.max(0, Date.parse(run.finishedAt) - Date.parse(first.at)));
    }
  }
  const all = [counts.completed, counts.cleaned_up, counts.cancelled];
  const hitFault = all.reduce((sum, c) => sum + c.hitFault, 0);
  const autoRecovered = all.reduce((sum, c) => sum + c.autoRecovered, 0);
  const successRate = ratio(counts.completed.runs, counts.completed.runs + counts.cleaned_up.runs);
  const average = mean(durations);
  const autoRecoveryRate = ratio(autoRecovered, hitFault);
  const mttrMs = mean(recoveries);
  const health = summarizeHealthKpis(parts.health ?? EMPTY_HEALTH_KPI_PARTS);
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    runs: all.reduce((sum, c) => sum + c.runs, 0),
    completed: counts.completed.runs,
    cleanedUp: counts.cleaned_up.runs,
    cancelled: counts.cancelled.runs,
    successRate,
    durationMs: { average, p50: quantile(durations, 0.5), p95: quantile(durations, 0.95) },
    failuresByStep,
    failuresByErrorType,
    hitFault,
    autoRecovered,
    autoRecoveryRate,
    mttrMs,
    detections: health.detections,
    mttdMs: health.mttdMs,
    healthCoverage: health.healthCoverage,
    kpis: [
      kpi('success_rate', successRate, 'gt'),
      kpi('average_duration', average, 'lt'),
      kpi('auto_recovery_rate', autoRecoveryRate, 'gt'),
      kpi('mttd', health.mttdMs, 'lt'),
      kpi('mttr', mttrMs, 'lt'),
      kpi('health_coverage', health.healthCoverage.rate, 'gte'),
    ],
  };
}
