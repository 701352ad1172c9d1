/**
 * Step durations learnt from the latest completed jobs, for the ETA. Every job start asks for them, and reading and
 * parsing fifty job rows costs more than the answer is worth refreshing: the medians are kept for `ttlMs` (they move
 * slowly) and one store read serves every job that starts meanwhile.
 */
import type { ProvisioningStepName } from '../workflows/contracts/provision-tenant';
import type { ActivityDeps } from './deps';
import { nowOf } from './provider-call';
import { expectedStepDurations, STEP_HISTORY_JOBS } from './step-durations';

export const LEARNT_DURATIONS_TTL_MS = 30_000;

export type LearntStepDurations = () => Promise<Record<ProvisioningStepName, number>>;

export function createLearntStepDurations(
  deps: Pick<ActivityDeps, 'store' | 'now'>,
  ttlMs: number = LEARNT_DURATIONS_TTL_MS,
): LearntStepDurations {
  let cached: { at: number; value: Promise<Record<ProvisioningStepName, number>> } | undefined;
  return () => {
    const now = nowOf(deps).getTime();
    if (cached && now - cached.at < ttlMs) return cached.value;
    const value = deps.store
      .listJobs({ status: 'completed', limit: STEP_HISTORY_JOBS })
      .then((jobs) => expectedStepDurations(jobs.map((j) => j.progress)));
    const entry = { at: now, value };
    cached = entry;
    // A failed read is not kept: the next job start reads again.
    value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return value;
  };
}
