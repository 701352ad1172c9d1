/**
 * The critical path of a provisioning job's step graph, from the job's own step timings (the `progress` query):
 * Σ over stages of the longest step of that stage. The gap between a job's end-to-end time and its critical path
 * is what orchestration adds on top of the providers' own latency.
 */
import {
  PROVISIONING_STAGES,
  type ProvisioningStepName,
  type StepProgress,
} from '../workflows/contracts/provision-tenant';

export interface StageTiming {
  steps: readonly ProvisioningStepName[];
  /** Duration of the longest step of the stage (ms). */
  longestMs: number;
}

/** Duration of one finished step in ms; throws a RangeError when the step never started or never finished. */
export function stepDurationMs(step: Pick<StepProgress, 'name' | 'startedAt' | 'finishedAt'>): number {
  if (step.startedAt === null || step.finishedAt === null) {
    throw new RangeError(
      `step ${step.name} has no complete timing (startedAt ${step.startedAt}, finishedAt ${step.finishedAt})`,
    );
  }
  return Date.parse(step.finishedAt) - Date.parse(step.startedAt);
}

/** The longest step of each stage of `stages` (default: the contract's PROVISIONING_STAGES). */
export function stageTimings(
  steps: readonly Pick<StepProgress, 'name' | 'startedAt' | 'finishedAt'>[],
  stages: readonly (readonly ProvisioningStepName[])[] = PROVISIONING_STAGES,
): StageTiming[] {
  const byName = new Map(steps.map((s) => [s.name, s]));
  return stages.map((stage) => {
    const durations = stage.map((name) => {
      const step = byName.get(name);
      if (!step) throw new RangeError(`step ${name} is missing from the progress`);
      return stepDurationMs(step);
    });
    return { steps: stage, longestMs: Math.max(...durations) };
  });
}

/** Σ over stages of the longest step duration (ms). */
export function criticalPathMs(
  steps: readonly Pick<StepProgress, 'name' | 'startedAt' | 'finishedAt'>[],
  stages: readonly (readonly ProvisioningStepName[])[] = PROVISIONING_STAGES,
): number {
  return stageTimings(steps, stages).reduce((sum, stage) => sum + stage.longestMs, 0);
}
