/**
 * Expected step durations for the ETA: the median duration of each step over the latest completed jobs, falling
 * back to defaults for steps with no history. Pure.
 */
import {
  PROVISIONING_STEPS,
  type ProvisioningProgress,
  type ProvisioningStepName,
} from '../workflows/contracts/provision-tenant';

/** Typical durations against real providers; used until the store has history. */
export const DEFAULT_STEP_DURATIONS_MS: Readonly<Record<ProvisioningStepName, number>> = Object.freeze({
  reserveQuota: 200,
  createWorkosOrganization: 1_500,
  createConvexProject: 5_000,
  deployConvexBackend: 15_000,
  createPagesProject: 2_000,
  deployFrontend: 45_000,
  validateResources: 3_000,
  activateInstance: 200,
  sendReadyEmails: 1_000,
});

/** How many of the latest completed jobs the medians are taken over. */
export const STEP_HISTORY_JOBS = 50;

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return Math.round(((sorted[mid - 1] ?? upper) + upper) / 2);
}

/** Median duration of each step over `jobs` (only completed steps with both timestamps count). */
export function expectedStepDurations(
  jobs: Pick<ProvisioningProgress, 'steps'>[],
  defaults: Readonly<Record<ProvisioningStepName, number>> = DEFAULT_STEP_DURATIONS_MS,
): Record<ProvisioningStepName, number> {
  const samples = new Map<ProvisioningStepName, number[]>();
  for (const job of jobs) {
    for (const step of job.steps) {
      if (step.status !== 'completed' || !step.startedAt || !step.finishedAt) continue;
      const duration = Date.parse(step.finishedAt) - Date.parse(step.startedAt);
      if (!Number.isFinite(duration) || duration < 0) continue;
      const list = samples.get(step.name) ?? [];
      list.push(duration);
      samples.set(step.name, list);
    }
  }
  const result = {} as Record<ProvisioningStepName, number>;
  for (const step of PROVISIONING_STEPS) {
    const values = samples.get(step);
    result[step] = values && values.length > 0 ? median(values) : defaults[step];
  }
  return result;
}
