/**
 * Pure aggregations over store records, shared by every adapter (DESIGN.md decision 3): no I/O, no clock.
 */
import type { ProvisioningStepName } from '../workflows/contracts/provision-tenant';
import type { JobRecord } from './port';

/** Middle value of a non-empty list (mean of the two middle values for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/**
 * Median duration in milliseconds (rounded) of each provisioning step, over the `completed` jobs in `jobs`, from
 * `progress.steps[].startedAt/finishedAt` of the steps that completed. A step with no usable sample (missing or
 * unparseable timestamps, finish before start) is absent from the result, so callers fall back to their defaults.
 * Used for the ETA of new jobs; pass a bounded, recent list (e.g. `listJobs({ status: 'completed', limit: 100 })`).
 */
export function medianStepDurations(jobs: readonly JobRecord[]): Partial<Record<ProvisioningStepName, number>> {
  const samples = new Map<ProvisioningStepName, number[]>();
  for (const job of jobs) {
    if (job.status !== 'completed') continue;
    for (const step of job.progress.steps) {
      if (step.status !== 'completed' || step.startedAt === null || step.finishedAt === null) continue;
      const durationMs = Date.parse(step.finishedAt) - Date.parse(step.startedAt);
      if (!Number.isFinite(durationMs) || durationMs < 0) continue;
      const list = samples.get(step.name) ?? [];
      list.push(durationMs);
      samples.set(step.name, list);
    }
  }
  const result: Partial<Record<ProvisioningStepName, number>> = {};
  for (const [name, durations] of samples) result[name] = Math.round(median(durations));
  return result;
}
