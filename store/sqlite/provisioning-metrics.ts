/**
 * Provisioning metrics of the SQLite Brain store: one row per finished run (job ID and start), indexed by finish
 * time; the summary is the shared pure function over the rows of the range.
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore, ProvisioningMetricsRecord } from '../port';
import { summarizeMetricsParts, type MetricsParts } from '../provisioning-metrics';
import { MetricsRangeSchema, ProvisioningMetricsRecordSchema, parseStoreInput } from '../record-schemas';
import { healthKpiPartsReader } from './health-kpis';

type MetricsMethods = Pick<
  BrainStore,
  'recordProvisioningMetrics' | 'listProvisioningMetrics' | 'getProvisioningMetrics'
>;

interface MetricsRow {
  job_id: string;
  started_at: string;
  tenant_id: string;
  plan: string;
  outcome: string;
  finished_at: string;
  duration_ms: number;
  failed_step: string | null;
  error_type: string | null;
  failures: string;
  attempts: number;
  retries: number;
  hit_fault: number;
  auto_recovered: number;
  step_durations: string;
}

function fromRow(row: MetricsRow): ProvisioningMetricsRecord {
  return {
    jobId: row.job_id,
    tenantId: row.tenant_id,
    plan: row.plan as ProvisioningMetricsRecord['plan'],
    outcome: row.outcome as ProvisioningMetricsRecord['outcome'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    failedStep: row.failed_step,
    errorType: row.error_type,
    // Most runs never failed: skip the parse of their empty list.
    failures: row.failures === '[]' ? [] : (JSON.parse(row.failures) as ProvisioningMetricsRecord['failures']),
    attempts: row.attempts,
    retries: row.retries,
    hitFault: row.hit_fault === 1,
    autoRecovered: row.auto_recovered === 1,
    stepDurationsMs: JSON.parse(row.step_durations) as Record<string, number>,
  };
}

/** The metrics half of the store, over an open, migrated connection. */
export function provisioningMetricsMethods(db: Database): MetricsMethods {
  const upsert = db.prepare<[MetricsRow]>(
    `INSERT INTO provisioning_metrics (job_id, started_at, tenant_id, plan, outcome, finished_at, duration_ms,
       failed_step, error_type, failures, attempts, retries, hit_fault, auto_recovered, step_durations)
     VALUES (@job_id, @started_at, @tenant_id, @plan, @outcome, @finished_at, @duration_ms, @failed_step, @error_type,
       @failures, @attempts, @retries, @hit_fault, @auto_recovered, @step_durations)
     ON CONFLICT (job_id, started_at) DO UPDATE SET tenant_id = excluded.tenant_id, plan = excluded.plan,
       outcome = excluded.outcome, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms,
       failed_step = excluded.failed_step, error_type = excluded.error_type, failures = excluded.failures,
       attempts = excluded.attempts, retries = excluded.retries, hit_fault = excluded.hit_fault,
       auto_recovered = excluded.auto_recovered, step_durations = excluded.step_durations`,
  );
  const list = db.prepare<{ from: string; to: string }, MetricsRow>(
    `SELECT * FROM provisioning_metrics WHERE finished_at >= @from AND finished_at <= @to
     ORDER BY finished_at ASC, job_id ASC`,
  );
  const WHERE = 'WHERE finished_at >= @from AND finished_at <= @to';
  const countsByOutcome = db.prepare<
    { from: string; to: string },
    { outcome: string; runs: number; hit_fault: number; auto_recovered: number }
  >(
    `SELECT outcome, COUNT(*) AS runs, SUM(hit_fault) AS hit_fault, SUM(auto_recovered) AS auto_recovered
     FROM provisioning_metrics ${WHERE} GROUP BY outcome`,
  );
  const completedDurations = db
    .prepare<{ from: string; to: string }, number>(
      `SELECT duration_ms FROM provisioning_metrics ${WHERE} AND outcome = 'completed' ORDER BY duration_ms`,
    )
    .pluck();
  const failedRuns = db.prepare<
    { from: string; to: string },
    { outcome: string; finished_at: string; failures: string }
  >(`SELECT outcome, finished_at, failures FROM provisioning_metrics ${WHERE} AND failures <> '[]'`);
  const healthKpiParts = healthKpiPartsReader(db);
  const listRange = (range: { from?: string; to?: string } = {}) => {
    const valid = parseStoreInput(MetricsRangeSchema, range, 'listProvisioningMetrics');
    // Canonical ISO strings order as time; these bounds are below and above every stored timestamp.
    return list.all({ from: valid.from ?? '0000', to: valid.to ?? '9999' });
  };

  return {
    async recordProvisioningMetrics(record) {
      const valid = parseStoreInput(ProvisioningMetricsRecordSchema, record, 'recordProvisioningMetrics');
      upsert.run({
        job_id: valid.jobId,
        started_at: valid.startedAt,
        tenant_id: valid.tenantId,
        plan: valid.plan,
        outcome: valid.outcome,
        finished_at: valid.finishedAt,
        duration_ms: valid.durationMs,
        failed_step: valid.failedStep,
        error_type: valid.errorType,
        failures: JSON.stringify(valid.failures),
        attempts: valid.attempts,
        retries: valid.retries,
        hit_fault: valid.hitFault ? 1 : 0,
        auto_recovered: valid.autoRecovered ? 1 : 0,
        step_durations: JSON.stringify(valid.stepDurationsMs),
      });
    },

    async listProvisioningMetrics(range) {
      return listRange(range).map(fromRow);
    },

    /**
     * Aggregated in SQL (counts, sorted durations, the failed runs only, the health sweeps' detections and coverage),
     * summarised by the shared function.
     */
    async getProvisioningMetrics(range = {}) {
      const valid = parseStoreInput(MetricsRangeSchema, range, 'getProvisioningMetrics');
      const bounds = { from: valid.from ?? '0000', to: valid.to ?? '9999' };
      const zero = () => ({ runs: 0, hitFault: 0, autoRecovered: 0 });
      const parts: MetricsParts = {
        counts: { completed: zero(), cleaned_up: zero(), cancelled: zero() },
        completedDurationsMs: completedDurations.all(bounds),
        failedRuns: failedRuns.all(bounds).map((row) => ({
          outcome: row.outcome as ProvisioningMetricsRecord['outcome'],
          finishedAt: row.finished_at,
          failures: JSON.parse(row.failures) as ProvisioningMetricsRecord['failures'],
        })),
        health: healthKpiParts(bounds),
      };
      for (const row of countsByOutcome.all(bounds)) {
        const outcome = row.outcome as ProvisioningMetricsRecord['outcome'];
        parts.counts[outcome] = { runs: row.runs, hitFault: row.hit_fault, autoRecovered: row.auto_recovered };
      }
      return summarizeMetricsParts(parts, valid);
    },
  };
}
