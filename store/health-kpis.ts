/**
 * The health KPIs of a date range, as pure functions shared by every store adapter (no I/O, no clock). The adapter
 * gathers the parts (SQL); this module holds the one definition of each figure. docs/METRICS.md says the same.
 *
 * - **MTTD** (mean time to detect): a detection is the check that found an `active` instance `degraded` or `down`
 *   (the start of an unhealthy episode; a later move from degraded to down is the same episode). Nobody records when
 *   a tenant really broke, only that it was fine at its previous check and not at this one, so each detection's
 *   window is from the previous check (or the activation, when it was never checked before) to the detecting check:
 *   the longest the problem can have gone unseen. MTTD is the mean of those windows over the detections in the range.
 *   Detections recorded before the store kept the previous check (migration 6) have no window and are not counted.
 * - **Health coverage**: a completed sweep covers the live instances (`active`, `degraded`, `down` when it completed)
 *   that were activated before it started, when their last check is not older than its start. Coverage over a range
 *   is covered / targets summed over the sweeps that completed in it; null when no sweep did.
 */

export interface SweepCoverage {
  /** Live instances activated before the sweep started. */
  targets: number;
  /** Of those, the ones checked since it started. */
  covered: number;
}

export interface HealthKpiParts {
  /** Each detection's window: detecting check minus the previous check (ms). */
  detectionWindowsMs: number[];
  /** The completed sweeps of the range that recorded their coverage. */
  sweeps: SweepCoverage[];
}

export interface HealthKpiSummary {
  detections: number;
  /** Mean detection window (ms); null when nothing was detected in the range. */
  mttdMs: number | null;
  healthCoverage: { sweeps: number; targets: number; covered: number; rate: number | null };
}

export const EMPTY_HEALTH_KPI_PARTS: HealthKpiParts = Object.freeze({ detectionWindowsMs: [], sweeps: [] });

export function summarizeHealthKpis(parts: HealthKpiParts): HealthKpiSummary {
  const windows = parts.detectionWindowsMs.map((ms) => Math.max(0, ms));
  const targets = parts.sweeps.reduce((sum, sweep) => sum + sweep.targets, 0);
  // A sweep cannot cover more than its targets (an instance counted once even if checked twice).
  const covered = parts.sweeps.reduce((sum, sweep) => sum + Math.min(sweep.covered, sweep.targets), 0);
  return {
    detections: windows.length,
    mttdMs: windows.length === 0 ? null : Math.round(windows.reduce((a, b) => a + b, 0) / windows.length),
    healthCoverage: {
      sweeps: parts.sweeps.length,
      targets,
      covered,
      // A sweep over an empty fleet covered everything it had to; no sweep at all judges nothing.
      rate: parts.sweeps.length === 0 ? null : targets === 0 ? 1 : covered / targets,
    },
  };
}
