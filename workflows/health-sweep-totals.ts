/** Pure sums of a sweep's batch results (used by the workflow and the batch activity). */
import type { HealthCounts } from './contracts/health-sweep';

export const emptyHealthCounts = (): HealthCounts => ({ active: 0, degraded: 0, down: 0, undecided: 0 });

/** Adds `more` into `into` (mutates and returns it). */
export function addHealthCounts(into: HealthCounts, more: HealthCounts): HealthCounts {
  into.active += more.active;
  into.degraded += more.degraded;
  into.down += more.down;
  into.undecided += more.undecided;
  return into;
}
