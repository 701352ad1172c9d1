import { createLearntStepDurations } from '../../activities/learnt-step-durations';
import { DEFAULT_STEP_DURATIONS_MS } from '../../activities/step-durations';
import type { BrainStore, JobRecord } from '../../store/port';
import { makeJob, makeProgress, makeSteps } from '../store/fixtures';

/** A store whose listJobs counts its reads and answers what `jobs` holds (or fails while `failing`). */
function fakeStore() {
  const state = { reads: 0, failing: false, jobs: [] as JobRecord[] };
  const store = {
    listJobs: async () => {
      state.reads += 1;
      if (state.failing) throw new Error('database is locked');
      return state.jobs;
    },
  } as unknown as BrainStore;
  return { state, store };
}

function completedJob(seconds: number): JobRecord {
  const startedAt = '2026-01-10T12:00:00.000Z';
  const tenantId = 'learnt-durations';
  const progress = makeProgress({ tenantId, startedAt, status: 'completed', steps: makeSteps(startedAt, 9, seconds) });
  return makeJob({ tenantId, startedAt, status: 'completed', progress });
}

describe('createLearntStepDurations', () => {
  it('reads the store once per TTL and shares the read between concurrent callers', async () => {
    const { state, store } = fakeStore();
    let now = 1_000_000;
    const learnt = createLearntStepDurations({ store, now: () => new Date(now) }, 30_000);

    const [a, b] = await Promise.all([learnt(), learnt()]);
    expect(state.reads).toBe(1);
    expect(a).toEqual(DEFAULT_STEP_DURATIONS_MS);
    expect(b).toBe(a);

    state.jobs = [completedJob(6)];
    now += 29_999;
    expect(await learnt()).toEqual(DEFAULT_STEP_DURATIONS_MS);
    expect(state.reads).toBe(1);

    now += 1;
    expect((await learnt()).createConvexProject).toBe(6_000);
    expect(state.reads).toBe(2);
  });

  it('does not keep a failed read: the next call reads again', async () => {
    const { state, store } = fakeStore();
    const learnt = createLearntStepDurations({ store, now: () => new Date(0) }, 30_000);
    state.failing = true;
    await expect(learnt()).rejects.toThrow('database is locked');
    state.failing = false;
    expect(await learnt()).toEqual(DEFAULT_STEP_DURATIONS_MS);
    expect(state.reads).toBe(2);
  });
});
