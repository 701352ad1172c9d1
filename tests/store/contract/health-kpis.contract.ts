/**
 * Contract of the health KPIs and the daily series: a transition keeps the check before it (or the activation), so
 * MTTD over a range is the mean detection window; a completed sweep records which live instances it covered; the
 * series groups the runs per UTC day of finish.
 */
import type { BrainStore, HealthUpdate } from '../../../store/port';
import type { HealthCheck } from '../../../workflows/contracts/health-sweep';
import { at, makeInstance, makeMetricsRecord } from '../fixtures';

const T0 = '2025-04-01T10:00:00.000Z';
const DOWN: HealthCheck[] = [{ check: 'site', result: 'failed', latencyMs: null, detail: 'site answered 503' }];
const OK: HealthCheck[] = [{ check: 'site', result: 'ok', latencyMs: 5, detail: 'site answered 200' }];

function check(
  tenantId: string,
  previousStatus: HealthUpdate['status'],
  status: HealthUpdate['status'],
  seconds: number,
) {
  const checkedAt = at(T0, seconds);
  return {
    tenantId,
    previousStatus,
    status,
    unhealthySince: status === 'active' ? null : checkedAt,
    checks: status === 'active' ? OK : DOWN,
    checkedAt,
  };
}

const sweep = (sweepId: string, startedAt: string, completedAt: string | null) => ({
  sweepId,
  startedAt,
  completedAt,
  checked: 0,
  counts: null,
});

export function describeHealthKpiContract(getStore: () => BrainStore): void {
  describe('health KPIs and the daily series', () => {
    it('MTTD: the mean window from the previous check (or the activation) to the detecting check', async () => {
      const store = getStore();
      await store.upsertInstance(makeInstance({ tenantId: 'aaa', activatedAt: T0 }));
      await store.upsertInstance(makeInstance({ tenantId: 'bbb', activatedAt: T0 }));
      // aaa: checked fine at +0 and +300 s, found down at +540 s (window 240 s); degraded → down is no new detection.
      await store.recordHealthChecks('s1', [check('aaa', 'active', 'active', 0)]);
      await store.recordHealthChecks('s2', [check('aaa', 'active', 'active', 300)]);
      await store.recordHealthChecks('s3', [
        check('aaa', 'active', 'degraded', 540),
        check('bbb', 'active', 'down', 120),
      ]);
      await store.recordHealthChecks('s4', [check('aaa', 'degraded', 'down', 600)]);
      // bbb was never checked before: its window runs from its activation (120 s). Recovered, then down again.
      await store.recordHealthChecks('s5', [check('bbb', 'down', 'active', 900)]);
      await store.recordHealthChecks('s6', [check('bbb', 'active', 'down', 1320)]); // window 420 s

      const all = await store.getProvisioningMetrics({ from: '2025-04-01', to: '2025-04-01' });
      expect(all).toMatchObject({ detections: 3, mttdMs: ((240 + 120 + 420) / 3) * 1000 });
      expect(all.kpis.find((kpi) => kpi.name === 'mttd')).toMatchObject({ met: true });
      // The range is by detection time: the last detection alone.
      const late = await store.getProvisioningMetrics({ from: at(T0, 1000) });
      expect(late).toMatchObject({ detections: 1, mttdMs: 420_000 });
      expect(late.kpis.find((kpi) => kpi.name === 'mttd')).toMatchObject({ value: 420_000, met: false });
      expect(await store.getProvisioningMetrics({ from: '2025-05-01' })).toMatchObject({ detections: 0, mttdMs: null });
    });

    it('coverage: a completed sweep covers the live instances activated before it started that it checked', async () => {
      const store = getStore();
      await store.upsertInstance(makeInstance({ tenantId: 'aaa', activatedAt: T0 }));
      await store.upsertInstance(makeInstance({ tenantId: 'bbb', status: 'down', activatedAt: T0 }));
      await store.upsertInstance(makeInstance({ tenantId: 'ccc', activatedAt: T0 })); // never checked: missed
      await store.upsertInstance(makeInstance({ tenantId: 'late', activatedAt: at(T0, 3600) })); // after the sweep
      await store.upsertInstance(makeInstance({ tenantId: 'prov', status: 'provisioning' }));
      await store.upsertInstance(makeInstance({ tenantId: 'gone', status: 'removed', activatedAt: T0 }));
      const start = at(T0, 60);
      await store.saveHealthSweep(sweep('cover-1', start, null));
      await store.recordHealthChecks('cover-1', [
        check('aaa', 'active', 'active', 70),
        check('bbb', 'down', 'down', 70),
      ]);
      // Not completed yet: nothing to judge.
      expect((await store.getProvisioningMetrics()).healthCoverage).toEqual({
        sweeps: 0,
        targets: 0,
        covered: 0,
        rate: null,
      });
      await store.saveHealthSweep(sweep('cover-1', start, at(T0, 80)));
      const summary = await store.getProvisioningMetrics({ from: '2025-04-01', to: '2025-04-01' });
      expect(summary.healthCoverage).toEqual({ sweeps: 1, targets: 3, covered: 2, rate: 2 / 3 });
      expect(summary.kpis.find((kpi) => kpi.name === 'health_coverage')).toMatchObject({ met: false });

      // The next sweep checks all three: 5 of 6 over both.
      const next = at(T0, 360);
      await store.saveHealthSweep(sweep('cover-2', next, null));
      await store.recordHealthChecks('cover-2', [
        check('aaa', 'active', 'active', 370),
        check('bbb', 'down', 'down', 370),
        check('ccc', 'active', 'active', 370),
      ]);
      await store.saveHealthSweep(sweep('cover-2', next, at(T0, 380)));
      expect((await store.getProvisioningMetrics()).healthCoverage).toEqual({
        sweeps: 2,
        targets: 6,
        covered: 5,
        rate: 5 / 6,
      });
      const second = await store.getProvisioningMetrics({ from: at(T0, 300) });
      expect(second.healthCoverage.rate).toBe(1);
      expect(second.kpis.find((kpi) => kpi.name === 'health_coverage')).toMatchObject({ met: true });
    });

    it('groups the runs per UTC day of finish, every day of the range listed', async () => {
      const store = getStore();
      const record = (jobId: string, finishedAt: string, outcome: 'completed' | 'cleaned_up', durationMs: number) =>
        store.recordProvisioningMetrics(makeMetricsRecord({ jobId, finishedAt, outcome, durationMs }));
      await record('provision-a', '2025-04-01T00:00:00.000Z', 'completed', 60_000);
      await record('provision-b', '2025-04-01T23:59:59.999Z', 'completed', 100_000);
      await record('provision-c', '2025-04-01T12:00:00.000Z', 'cleaned_up', 10_000);
      await record('provision-d', '2025-04-03T08:00:00.000Z', 'completed', 50_000);
      await record('provision-e', '2025-04-04T08:00:00.000Z', 'completed', 50_000); // outside
      const series = await store.getProvisioningMetricsSeries({ from: '2025-04-01', to: '2025-04-03' });
      expect(series.map((d) => [d.day, d.runs, d.successRate, d.durationMs.average, d.durationMs.p95])).toEqual([
        ['2025-04-01', 3, 2 / 3, 80_000, 100_000],
        ['2025-04-02', 0, null, null, null],
        ['2025-04-03', 1, 1, 50_000, 50_000],
      ]);
      expect(await store.getProvisioningMetricsSeries({ from: '2025-05-01', to: '2025-05-01' })).toEqual([
        expect.objectContaining({ day: '2025-05-01', runs: 0 }),
      ]);
    });
  });
}
