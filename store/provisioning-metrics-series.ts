/**
 * The provisioning metrics per UTC day (by finish time), for charts: runs by outcome, success rate, average and p95
 * duration of the completed runs, with the same definitions as the range summary (./provisioning-metrics.ts).
 * Pure: the adapter reads the rows (day, outcome, duration), this groups them.
 */
import type { ProvisioningMetricsRecord } from './port';
import { quantile } from './provisioning-metrics';

export interface ProvisioningMetricsDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  runs: number;
  completed: number;
  cleanedUp: number;
  cancelled: number;
  /** completed / (completed + cleaned up); null on a day without either. */
  successRate: number | null;
  /** Of the completed runs; null on a day without one. */
  durationMs: { average: number | null; p95: number | null };
}

export interface SeriesRow {
  day: string;
  outcome: ProvisioningMetricsRecord['outcome'];
  durationMs: number;
}

/** Days without a run inside a bounded range are listed (all zero) up to this many days; beyond, only days with runs. */
export const MAX_FILLED_DAYS = 366;

const DAY_MS = 86_400_000;

/** The UTC days from `from` to `to` (ISO date-times), or undefined when the range is open or too long to fill. */
function daysOf(range: { from?: string; to?: string }): string[] | undefined {
  if (range.from === undefined || range.to === undefined) return undefined;
  const first = Date.parse(range.from.slice(0, 10));
  const last = Date.parse(range.to.slice(0, 10));
  if (!(last >= first) || (last - first) / DAY_MS >= MAX_FILLED_DAYS) return undefined;
  const days: string[] = [];
  for (let t = first; t <= last; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function dayOf(day: string, rows: readonly SeriesRow[]): ProvisioningMetricsDay {
  const count = (outcome: SeriesRow['outcome']) => rows.filter((row) => row.outcome === outcome).length;
  const durations = rows
    .filter((row) => row.outcome === 'completed')
    .map((row) => row.durationMs)
    .sort((a, b) => a - b);
  const completed = durations.length;
  const cleanedUp = count('cleaned_up');
  return {
    day,
    runs: rows.length,
    completed,
    cleanedUp,
    cancelled: count('cancelled'),
    successRate: completed + cleanedUp === 0 ? null : completed / (completed + cleanedUp),
    durationMs: {
      average: completed === 0 ? null : Math.round(durations.reduce((a, b) => a + b, 0) / completed),
      p95: quantile(durations, 0.95),
    },
  };
}

/** One entry per day, oldest first: every day of a bounded range (up to MAX_FILLED_DAYS), else the days with runs. */
export function dailyProvisioningSeries(
  rows: readonly SeriesRow[],
  range: { from?: string; to?: string } = {},
): ProvisioningMetricsDay[] {
  const byDay = new Map<string, SeriesRow[]>();
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (day) day.push(row);
    else byDay.set(row.day, [row]);
  }
  const days = daysOf(range) ?? [...byDay.keys()].sort();
  return days.map((day) => dayOf(day, byDay.get(day) ?? []));
}
