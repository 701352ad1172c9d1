/** Contract of the provisioning metrics: one record per run, listed and summarised by finish time. */
import type { BrainStore, ProvisioningMetricsRecord } from '../../../store/port';
import { StoreErrorType } from '../../../store/errors';
import { makeMetricsRecord } from '../fixtures';

const record = (jobId: string, finishedAt: string, overrides: Partial<ProvisioningMetricsRecord> = {}) =>
  makeMetricsRecord({
    jobId,
    tenantId: jobId.replace('provision-', ''),
    startedAt: '2025-02-01T00:00:00.000Z',
    finishedAt,
    stepDurationsMs: { reserveQuota: 12 },
    ...overrides,
  });

export function describeMetricsContract(getStore: () => BrainStore): void {
  describe('provisioning metrics', () => {
    it('lists the runs finished in an inclusive range, oldest first; bare dates are whole UTC days', async () => {
      await getStore().recordProvisioningMetrics(record('provision-b', '2025-02-02T10:00:00.000Z'));
      await getStore().recordProvisioningMetrics(record('provision-a', '2025-02-01T23:59:59.999Z'));
      await getStore().recordProvisioningMetrics(record('provision-c', '2025-02-03T00:00:00.000Z'));
      const ids = async (range: { from?: string; to?: string }) =>
        (await getStore().listProvisioningMetrics(range)).map((r) => r.jobId);
      expect(await ids({})).toEqual(['provision-a', 'provision-b', 'provision-c']);
      expect(await ids({ from: '2025-02-02', to: '2025-02-02' })).toEqual(['provision-b']);
      expect(await ids({ to: '2025-02-02T10:00:00.000Z' })).toEqual(['provision-a', 'provision-b']);
      expect((await getStore().listProvisioningMetrics({}))[0]).toEqual(
        record('provision-a', '2025-02-01T23:59:59.999Z'),
      );
    });

    it('keeps one record per run: a repeated write of the same run replaces it', async () => {
      const first = record('provision-a', '2025-02-01T10:00:00.000Z');
      await getStore().recordProvisioningMetrics(first);
      await getStore().recordProvisioningMetrics({ ...first, attempts: 12 });
      await getStore().recordProvisioningMetrics({
        ...first,
        startedAt: '2025-02-05T00:00:00.000Z',
        finishedAt: '2025-02-05T00:01:00.000Z',
      });
      const listed = await getStore().listProvisioningMetrics();
      expect(listed.map((r) => [r.startedAt, r.attempts])).toEqual([
        ['2025-02-01T00:00:00.000Z', 12],
        ['2025-02-05T00:00:00.000Z', 9],
      ]);
    });

    it('summarises a range with the shared aggregation', async () => {
      await getStore().recordProvisioningMetrics(record('provision-a', '2025-02-01T10:00:00.000Z'));
      await getStore().recordProvisioningMetrics(
        record('provision-b', '2025-02-01T11:00:00.000Z', {
          outcome: 'cleaned_up',
          hitFault: true,
          failures: [{ step: 'deployFrontend', type: 'DeploymentFailed', at: '2025-02-01T10:30:00.000Z' }],
        }),
      );
      const summary = await getStore().getProvisioningMetrics({ from: '2025-02-01', to: '2025-02-01' });
      expect(summary).toMatchObject({
        from: '2025-02-01T00:00:00.000Z',
        to: '2025-02-01T23:59:59.999Z',
        runs: 2,
        successRate: 0.5,
        failuresByStep: { deployFrontend: 1 },
      });
      expect((await getStore().getProvisioningMetrics({ from: '2025-03-01' })).runs).toBe(0);
    });

    it('rejects an invalid record or range with StoreInvalidRecord', async () => {
      await expect(getStore().recordProvisioningMetrics({ ...record('provision-a', 'soon') })).rejects.toMatchObject({
        type: StoreErrorType.InvalidRecord,
      });
      await expect(getStore().listProvisioningMetrics({ from: 'yesterday' })).rejects.toMatchObject({
        type: StoreErrorType.InvalidRecord,
      });
    });
  });
}
