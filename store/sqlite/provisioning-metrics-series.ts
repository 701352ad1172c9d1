/**
 * The daily series of the provisioning metrics in the SQLite store: one covering-index read of (finish time, outcome,
 * duration) over the range, grouped by the shared pure function (store/provisioning-metrics-series.ts).
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore, ProvisioningMetricsRecord } from '../port';
import { dailyProvisioningSeries } from '../provisioning-metrics-series';
import { MetricsRangeSchema, parseStoreInput } from '../record-schemas';

/** Served by idx_provisioning_metrics_finished_at (finished_at, outcome, duration_ms, ...) without reading rows. */
export const SERIES_ROWS_SQL = `
  SELECT substr(finished_at, 1, 10) AS day, outcome, duration_ms FROM provisioning_metrics
  WHERE finished_at >= @from AND finished_at <= @to ORDER BY finished_at`;

export function provisioningMetricsSeriesMethods(db: Database): Pick<BrainStore, 'getProvisioningMetricsSeries'> {
  const rows = db.prepare<
    { from: string; to: string },
    { day: string; outcome: ProvisioningMetricsRecord['outcome']; duration_ms: number }
  >(SERIES_ROWS_SQL);
  return {
    async getProvisioningMetricsSeries(range = {}) {
      const valid = parseStoreInput(MetricsRangeSchema, range, 'getProvisioningMetricsSeries');
      // Canonical ISO strings order as time; these bounds are below and above every stored timestamp.
      const bounds = { from: valid.from ?? '0000', to: valid.to ?? '9999' };
      const read = rows.all(bounds).map((row) => ({ day: row.day, outcome: row.outcome, durationMs: row.duration_ms }));
      return dailyProvisioningSeries(read, valid);
    },
  };
}
