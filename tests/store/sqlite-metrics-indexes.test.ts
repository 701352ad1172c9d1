/**
 * The metrics dashboard's SQLite queries are served by indexes: the daily series reads only the covering index on
 * finish time, detections use the partial index on transitions, the sweeps of a range the index on completion.
 */
import { openDatabase } from '../../store/sqlite/connection';
import { DETECTIONS_SQL, SWEEP_COVERAGE_SQL } from '../../store/sqlite/health-kpis';
import { SERIES_ROWS_SQL } from '../../store/sqlite/provisioning-metrics-series';

const db = openDatabase(':memory:');
afterAll(() => db.close());

const plan = (sql: string): string =>
  db
    .prepare<{ from: string; to: string }, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all({ from: '2025-01-01', to: '2025-02-01' })
    .map((row) => row.detail)
    .join('\n');

it('the daily series reads the covering index on finish time', () => {
  expect(plan(SERIES_ROWS_SQL)).toMatch(
    /SEARCH provisioning_metrics USING COVERING INDEX idx_provisioning_metrics_finished_at \(finished_at>\? AND finished_at<\?\)/,
  );
  expect(plan(SERIES_ROWS_SQL)).not.toMatch(/TEMP B-TREE/);
});

it('detections use the partial index on transitions; sweeps the index on completion', () => {
  expect(plan(DETECTIONS_SQL)).toMatch(
    /SEARCH health_transitions USING COVERING INDEX idx_health_transitions_detections/,
  );
  expect(plan(SWEEP_COVERAGE_SQL)).toMatch(/SEARCH health_sweeps USING INDEX idx_health_sweeps_completed_at/);
});
