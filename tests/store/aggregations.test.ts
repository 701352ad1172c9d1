/**
 * The pure aggregations shared by the store adapters.
 */
import { medianStepDurations } from '../../store/aggregations';
import type { StepProgress } from '../../workflows/contracts/provision-tenant';
import { at, makeJob, makeProgress, makeSteps } from './fixtures';

const START = '2025-01-10T12:00:00.000Z';

/** A completed job whose every step took `stepSeconds`. */
function completedJob(tenantId: string, stepSeconds: number) {
  const steps = makeSteps(START, 9, stepSeconds);
  const progress = makeProgress({ tenantId, startedAt: START, steps, status: 'completed' });
  return makeJob({ tenantId, progress, status: 'completed' });
}

describe('medianStepDurations', () => {
  it('returns nothing without completed jobs', () => {
    expect(medianStepDurations([])).toEqual({});
    expect(medianStepDurations([makeJob({ tenantId: 'running-job' })])).toEqual({});
  });

  it('takes the middle duration of an odd number of samples per step', () => {
    const jobs = [completedJob('a', 10), completedJob('b', 30), completedJob('c', 20)];
    const medians = medianStepDurations(jobs);
    expect(Object.keys(medians)).toHaveLength(9);
    expect(medians.reserveQuota).toBe(20_000);
    expect(medians.sendReadyEmails).toBe(20_000);
  });

  it('averages the two middle durations of an even number of samples', () => {
    const jobs = [completedJob('a', 1), completedJob('b', 2), completedJob('c', 100), completedJob('d', 0.5)];
    expect(medianStepDurations(jobs).deployFrontend).toBe(1500);
  });

  it('rounds a median to a whole millisecond', () => {
    const withDeploy = (tenantId: string, durationMs: number) => {
      const job = completedJob(tenantId, 10);
      const steps = job.progress.steps.map((step) =>
        step.name === 'deployFrontend'
          ? { ...step, startedAt: START, finishedAt: new Date(Date.parse(START) + durationMs).toISOString() }
          : step,
      );
      return { ...job, progress: { ...job.progress, steps } };
    };
    expect(medianStepDurations([withDeploy('a', 1000), withDeploy('b', 1001)]).deployFrontend).toBe(1001);
  });

  it('uses only completed steps of completed jobs with usable timestamps', () => {
    const failed = makeJob({ tenantId: 'failed', status: 'failed', progress: completedJob('failed', 999).progress });
    const broken: StepProgress[] = makeSteps(START, 9, 10).map((step) => {
      if (step.name === 'reserveQuota') return { ...step, finishedAt: null };
      if (step.name === 'createConvexProject') return { ...step, finishedAt: 'not a time' };
      if (step.name === 'deployFrontend') return { ...step, finishedAt: at(START, -5) };
      if (step.name === 'validateResources') return { ...step, status: 'compensated' };
      return step;
    });
    const partial = makeJob({
      tenantId: 'partial',
      status: 'completed',
      progress: makeProgress({ tenantId: 'partial', startedAt: START, steps: broken, status: 'completed' }),
    });
    const medians = medianStepDurations([failed, partial]);
    expect(medians).not.toHaveProperty('reserveQuota');
    expect(medians).not.toHaveProperty('createConvexProject');
    expect(medians).not.toHaveProperty('deployFrontend');
    expect(medians).not.toHaveProperty('validateResources');
    expect(medians.createWorkosOrganization).toBe(10_000);
    expect(medians.activateInstance).toBe(10_000);
  });
});
