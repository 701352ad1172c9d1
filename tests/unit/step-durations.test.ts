import { DEFAULT_STEP_DURATIONS_MS, expectedStepDurations, median } from '../../activities/step-durations';
import type { StepProgress } from '../../workflows/contracts/provision-tenant';

function step(
  name: StepProgress['name'],
  durationMs: number,
  status: StepProgress['status'] = 'completed',
): StepProgress {
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  return {
    name,
    status,
    startedAt: new Date(start).toISOString(),
    finishedAt: new Date(start + durationMs).toISOString(),
    attempts: 1,
    error: null,
  };
}

describe('median', () => {
  it('takes the middle of an odd list and the mean of the middle two of an even list', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([7])).toBe(7);
  });
});

describe('expectedStepDurations', () => {
  it('falls back to the defaults with no history', () => {
    expect(expectedStepDurations([])).toEqual(DEFAULT_STEP_DURATIONS_MS);
  });

  it('uses the median of completed steps and defaults for the others', () => {
    const jobs = [
      { steps: [step('createConvexProject', 1000), step('deployFrontend', 9000)] },
      { steps: [step('createConvexProject', 3000)] },
      { steps: [step('createConvexProject', 2000), step('deployFrontend', 1, 'failed')] },
    ];
    const durations = expectedStepDurations(jobs);
    expect(durations.createConvexProject).toBe(2000);
    expect(durations.deployFrontend).toBe(9000);
    expect(durations.reserveQuota).toBe(DEFAULT_STEP_DURATIONS_MS.reserveQuota);
  });

  it('ignores steps without both timestamps', () => {
    const incomplete: StepProgress = { ...step('validateResources', 10), finishedAt: null };
    expect(expectedStepDurations([{ steps: [incomplete] }]).validateResources).toBe(
      DEFAULT_STEP_DURATIONS_MS.validateResources,
    );
  });
});
