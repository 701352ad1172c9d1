/**
 * The SQL half of the health KPIs (MTTD, health coverage): what a completed sweep covered, counted when it is saved,
 * and the parts of a date range for the shared pure summary (store/health-kpis.ts).
 */
import type { Database } from 'better-sqlite3';
import type { HealthKpiParts, SweepCoverage } from '../health-kpis';

/**
 * Run when a sweep is saved completed: its targets are the live instances activated (or, for records without an
 * activation time, created) before it started; it covered those whose last check is not older than its start.
 */
export const RECORD_SWEEP_COVERAGE_SQL = `
  UPDATE health_sweeps SET (targets, covered) = (
    SELECT COUNT(*), COALESCE(SUM(last_health_check_at >= @started_at), 0) FROM instances
    WHERE status IN ('active', 'degraded', 'down') AND COALESCE(activated_at, created_at) <= @started_at
  ) WHERE sweep_id = @sweep_id`;

/** Detections (an `active` instance found unhealthy) in the range, with the check before each (partial index). */
export const DETECTIONS_SQL = `
  SELECT at, previous_check_at FROM health_transitions
  WHERE from_status = 'active' AND at >= @from AND at <= @to AND previous_check_at IS NOT NULL`;

/** Coverage of the sweeps that completed in the range (index on completed_at). */
export const SWEEP_COVERAGE_SQL = `
  SELECT targets, covered FROM health_sweeps
  WHERE completed_at >= @from AND completed_at <= @to AND targets IS NOT NULL`;

interface Bounds {
  from: string;
  to: string;
}

/** Reads the health KPI parts of `[from, to]` (canonical ISO bounds). */
export function healthKpiPartsReader(db: Database): (bounds: Bounds) => HealthKpiParts {
  const detections = db.prepare<Bounds, { at: string; previous_check_at: string }>(DETECTIONS_SQL);
  const sweeps = db.prepare<Bounds, SweepCoverage>(SWEEP_COVERAGE_SQL);
  return (bounds) => ({
    detectionWindowsMs: detections
      .all(bounds)
      .map((row) => Date.parse(row.at) - Date.parse(row.previous_check_at))
      .filter(Number.isFinite),
    sweeps: sweeps.all(bounds),
  });
}
