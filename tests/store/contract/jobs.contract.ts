/**
 * Contract of the job projection: round trips, out-of-order snapshots that must never move a job backwards, and
 * every listJobs filter.
 */
import type { BrainStore, JobRecord } from '../../../store/port';
import { StoreErrorType } from '../../../store/errors';
import { at, makeJob, makeProgress, makeSteps } from '../fixtures';

const ids = (records: JobRecord[]): string[] => records.map((record) => record.tenantId);

/** The snapshot of the `acme` job after `completed` steps, written `completed` minutes after it started. */
function snapshot(completed: number): JobRecord {
  const startedAt = '2025-01-10T12:00:00.000Z';
  const progress = makeProgress({ tenantId: 'acme', startedAt, steps: makeSteps(startedAt, completed) });
  return makeJob({ tenantId: 'acme', startedAt, progress, updatedAt: at(startedAt, completed * 60) });
}

export function describeJobContract(getStore: () => BrainStore): void {
  describe('jobs', () => {
    it('returns an upserted job with its progress as written, and undefined for an unknown job', async () => {
      const job = makeJob({ tenantId: 'acme', lastActionBy: 'admin@brain', errorType: null });
      await getStore().upsertJob(job);
      expect(await getStore().getJob(job.jobId)).toEqual(job);
      expect(await getStore().getJob('provision-nobody')).toBeUndefined();
    });

    it('keeps progress fields it does not know, at every depth (contracts only gain fields)', async () => {
      const job = makeJob({ tenantId: 'acme' });
      const progress = {
        ...job.progress,
        futureField: { nested: [1, 2] },
        steps: job.progress.steps.map((step) => ({ ...step, futureStepField: step.name })),
        resources: { ...job.progress.resources, futureResourceId: 'r_1' },
      };
      const extended = { ...job, progress };
      await getStore().upsertJob(extended);
      expect(await getStore().getJob(job.jobId)).toEqual(extended);
    });

    it("never replaces a completed job's record with another run's snapshot, even a newer one", async () => {
      const provisioned = { ...snapshot(9), status: 'completed' as const };
      await getStore().upsertJob(provisioned);
      const laterStart = '2025-01-11T08:00:00.000Z';
      const laterRun = makeJob({
        tenantId: 'acme',
        startedAt: laterStart,
        status: 'failed',
        updatedAt: at(laterStart, 60),
        progress: makeProgress({ tenantId: 'acme', startedAt: laterStart, steps: makeSteps(laterStart, 0) }),
      });
      await getStore().upsertJob(laterRun);
      expect(await getStore().getJob('provision-acme')).toEqual(provisioned);
      // Its own run still updates it (a later snapshot of the same start).
      const amended = { ...provisioned, lastActionBy: 'admin@brain', updatedAt: at(provisioned.startedAt, 600) };
      await getStore().upsertJob(amended);
      expect(await getStore().getJob('provision-acme')).toEqual(amended);
    });

    it('a later run replaces a record that is not completed (e.g. a cleaned-up job provisioned again)', async () => {
      await getStore().upsertJob({ ...snapshot(3), status: 'cleaned_up' });
      const laterStart = '2025-01-11T08:00:00.000Z';
      const laterRun = makeJob({ tenantId: 'acme', startedAt: laterStart, updatedAt: at(laterStart, 1) });
      await getStore().upsertJob(laterRun);
      expect(await getStore().getJob('provision-acme')).toEqual(laterRun);
    });

    it('applies a newer snapshot', async () => {
      await getStore().upsertJob(snapshot(1));
      await getStore().upsertJob(snapshot(3));
      const stored = await getStore().getJob('provision-acme');
      expect(stored).toEqual(snapshot(3));
      expect(stored?.completedSteps).toBe(3);
    });

    it('ignores a snapshot older than the stored one, progress included', async () => {
      await getStore().upsertJob(snapshot(4));
      await getStore().upsertJob(snapshot(2));
      const stored = await getStore().getJob('provision-acme');
      expect(stored).toEqual(snapshot(4));
      expect(stored?.progress.completedSteps).toBe(4);
    });

    it('applies a snapshot with the same updatedAt (the later write of one instant wins)', async () => {
      const first = snapshot(2);
      const sameInstant = { ...first, currentStep: 'createPagesProject', lastActionBy: 'admin@brain' };
      await getStore().upsertJob(first);
      await getStore().upsertJob(sameInstant);
      expect(await getStore().getJob('provision-acme')).toEqual(sameInstant);
    });

    it('rejects an invalid job with StoreInvalidRecord and writes nothing', async () => {
      const invalid = { ...makeJob({ tenantId: 'acme' }), status: 'exploded' } as unknown as JobRecord;
      await expect(getStore().upsertJob(invalid)).rejects.toMatchObject({ type: StoreErrorType.InvalidRecord });
      const noSteps = { ...makeJob({ tenantId: 'acme' }), progress: { status: 'running' } } as unknown as JobRecord;
      await expect(getStore().upsertJob(noSteps)).rejects.toMatchObject({ type: StoreErrorType.InvalidRecord });
      expect(await getStore().getJob('provision-acme')).toBeUndefined();
    });

    describe('listJobs', () => {
      beforeEach(async () => {
        const jobs = [
          makeJob({ tenantId: 'alpha', status: 'completed', startedAt: '2025-01-01T00:00:00.000Z' }),
          makeJob({ tenantId: 'bravo', status: 'failed', startedAt: '2025-01-02T00:00:00.000Z' }),
          makeJob({ tenantId: 'charlie', status: 'running', startedAt: '2025-01-03T00:00:00.000Z' }),
          makeJob({ tenantId: 'delta', status: 'cleaned_up', startedAt: '2025-01-03T23:00:00.000Z' }),
        ];
        for (const job of jobs) await getStore().upsertJob(job);
      });

      it('lists every job, newest first, without a filter', async () => {
        expect(ids(await getStore().listJobs())).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
      });

      it('filters by one status, by several, and by none', async () => {
        expect(ids(await getStore().listJobs({ status: 'failed' }))).toEqual(['bravo']);
        expect(ids(await getStore().listJobs({ status: ['completed', 'running'] }))).toEqual(['charlie', 'alpha']);
        expect(await getStore().listJobs({ status: [] })).toEqual([]);
      });

      it('filters by tenant', async () => {
        expect(ids(await getStore().listJobs({ tenantId: 'charlie' }))).toEqual(['charlie']);
        expect(await getStore().listJobs({ tenantId: 'nobody' })).toEqual([]);
      });

      it('filters by an inclusive start range, bare dates covering whole UTC days', async () => {
        const exact = { startedFrom: '2025-01-02T00:00:00.000Z', startedTo: '2025-01-03T00:00:00.000Z' };
        expect(ids(await getStore().listJobs(exact))).toEqual(['charlie', 'bravo']);
        expect(ids(await getStore().listJobs({ startedFrom: '2025-01-03', startedTo: '2025-01-03' }))).toEqual([
          'delta',
          'charlie',
        ]);
      });

      it('combines filters and keeps the newest `limit` results', async () => {
        expect(ids(await getStore().listJobs({ limit: 1 }))).toEqual(['delta']);
        const filter = { status: ['failed', 'completed', 'running'] as JobRecord['status'][], limit: 2 };
        expect(ids(await getStore().listJobs(filter))).toEqual(['charlie', 'bravo']);
        expect(ids(await getStore().listJobs({ status: 'completed', startedTo: '2025-01-01' }))).toEqual(['alpha']);
      });

      it('rejects an invalid filter with StoreInvalidRecord', async () => {
        const bad = { status: 'exploded' } as unknown as Parameters<BrainStore['listJobs']>[0];
        await expect(getStore().listJobs(bad)).rejects.toMatchObject({ type: StoreErrorType.InvalidRecord });
        await expect(getStore().listJobs({ limit: 1.5 })).rejects.toMatchObject({
          type: StoreErrorType.InvalidRecord,
        });
      });
    });
  });
}
