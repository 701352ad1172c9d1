/**
 * Provisioning metrics of the SQLite Brain store: one row per finished run (job ID and start), indexed by finish
 * time; the summary is the shared pure function over the rows of the range.
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore, ProvisioningMetricsRecord } from '../port';
import { summarizeProvisioningMetrics } from '../provisioning-metrics';
import { MetricsRangeSchema, ProvisioningMetricsRecordSchema, parseStoreInput } from '../record-schemas';

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
  const listRange = (range: { from?: string; to?: string } = {}) => {
    const valid = parseStoreInput(MetricsRangeSchema, range, 'listProvisioningMetrics');
    // Canonical ISO strings order as time; these bounds are below and above every stored timestamp.
    return {
      valid,
      rows: list.all({ from: valid.from ?? '0000', to: valid.to ?? '9999' }),
    };
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
      return listRange(range).rows.map(fromRow);
    },

    async getProvisioningMetrics(range) {
      const { valid, rows } = listRange(range);
      return summarizeProvisioningMetrics(rows.map(fromRow), valid);
    },
  };
}
