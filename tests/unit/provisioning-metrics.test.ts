/**
 * The provisioning metrics: a run's record from its final job projection, and the summary with exact aggregates
 * over seeded runs (an empty range, a single run, and a mix of outcomes, faults, retries and failures).
 */
import type { JobRecord, ProvisioningMetricsRecord } from '../../store/port';
import {
  KPI_TARGETS,
  provisioningMetricsOf,
  quantile,
  summarizeProvisioningMetrics,
} from '../../store/provisioning-metrics';
import { at, makeJob, makeMetricsRecord, makeProgress, makeSteps } from '../store/fixtures';

const T0 = '2025-03-01T10:00:00.000Z';

function finishedJob(tenantId: string, overrides: Partial<JobRecord> = {}, progress = {}): JobRecord {
  const steps = makeSteps(T0, 9);
  return makeJob({
    tenantId,
    status: 'completed',
    startedAt: T0,
    finishedAt: at(T0, 120),
    progress: makeProgress({
      tenantId,
      startedAt: T0,
      steps,
      status: 'completed',
      finishedAt: at(T0, 120),
      ...progress,
    }),
    ...overrides,
  });
}

function run(overrides: Partial<ProvisioningMetricsRecord>): ProvisioningMetricsRecord {
  return makeMetricsRecord({ startedAt: T0, finishedAt: at(T0, 60), ...overrides });
}

describe('provisioningMetricsOf', () => {
  it('records a completed run: duration, attempts, step durations, no fault', () => {
    const record = provisioningMetricsOf(finishedJob('acme'));
    expect(record).toMatchObject({
      jobId: 'provision-acme',
      outcome: 'completed',
      durationMs: 120_000,
      attempts: 9,
      retries: 0,
      hitFault: false,
      autoRecovered: false,
      failedStep: null,
    });
    expect(record?.stepDurationsMs.reserveQuota).toBe(10_000);
  });

  it('marks a completed run that needed activity retries as recovered on its own', () => {
    const steps = makeSteps(T0, 9).map((s) => (s.name === 'createConvexProject' ? { ...s, attempts: 3 } : s));
    const record = provisioningMetricsOf(finishedJob('acme', {}, { steps }));
    expect(record).toMatchObject({ hitFault: true, autoRecovered: true, attempts: 11 });
  });

  it('keeps the first failure of a run that an admin retried, and does not call it auto-recovered', () => {
    const failures = [{ step: 'createPagesProject' as const, type: 'ProviderAuthFailed', at: at(T0, 30) }];
    const record = provisioningMetricsOf(finishedJob('acme', { retryCount: 1 }, { failures, retryCount: 1 }));
    expect(record).toMatchObject({
      failedStep: 'createPagesProject',
      errorType: 'ProviderAuthFailed',
      retries: 1,
      hitFault: true,
      autoRecovered: false,
    });
  });

  it('ignores a run still going and a run that found the tenant already provisioned', () => {
    expect(provisioningMetricsOf(makeJob({ tenantId: 'acme', status: 'running' }))).toBeUndefined();
    expect(provisioningMetricsOf(finishedJob('acme', {}, { alreadyProvisioned: true }))).toBeUndefined();
  });
});

describe('summarizeProvisioningMetrics', () => {
  it('an empty range has no rates, no durations and KPIs that cannot be judged', () => {
    const summary = summarizeProvisioningMetrics([], { from: T0, to: at(T0, 60) });
    expect(summary).toMatchObject({
      from: T0,
      runs: 0,
      successRate: null,
      durationMs: { average: null, p50: null, p95: null },
      autoRecoveryRate: null,
      mttrMs: null,
      failuresByStep: {},
    });
    expect(summary.kpis.map((k) => [k.name, k.met])).toEqual([
      ['success_rate', null],
      ['average_duration', null],
      ['auto_recovery_rate', null],
      ['mttd', null],
      ['mttr', null],
      ['health_coverage', null],
    ]);
  });

  it('a single completed run', () => {
    const summary = summarizeProvisioningMetrics([run({ durationMs: 42_000 })]);
    expect(summary).toMatchObject({
      runs: 1,
      completed: 1,
      successRate: 1,
      durationMs: { average: 42_000, p50: 42_000, p95: 42_000 },
      autoRecoveryRate: null,
    });
    expect(summary.kpis.find((k) => k.name === 'average_duration')).toEqual({
      name: 'average_duration',
      value: 42_000,
      target: KPI_TARGETS.average_duration,
      comparison: 'lt',
      met: true,
    });
  });

  it('exact aggregates over a mix of outcomes, faults and failures', () => {
    const failure = (step: string, type: string, seconds: number) => ({ step, type, at: at(T0, seconds) });
    const records = [
      run({ durationMs: 10_000 }),
      run({ durationMs: 20_000, hitFault: true, autoRecovered: true }),
      run({ durationMs: 30_000, hitFault: true, autoRecovered: true }),
      // Failed at 60 s, retried by an admin, completed at 660 s: recovered in 10 minutes.
      run({
        durationMs: 660_000,
        finishedAt: at(T0, 660),
        hitFault: true,
        retries: 1,
        failures: [failure('createPagesProject', 'ProviderAuthFailed', 60)],
      }),
      run({
        outcome: 'cleaned_up',
        durationMs: 90_000,
        hitFault: true,
        failures: [failure('deployFrontend', 'DeploymentFailed', 30)],
      }),
      run({ outcome: 'cancelled', durationMs: 5_000 }),
    ];
    const summary = summarizeProvisioningMetrics(records);
    expect(summary).toMatchObject({
      runs: 6,
      completed: 4,
      cleanedUp: 1,
      cancelled: 1,
      successRate: 4 / 5,
      durationMs: { average: 180_000, p50: 20_000, p95: 660_000 },
      failuresByStep: { createPagesProject: 1, deployFrontend: 1 },
      failuresByErrorType: { ProviderAuthFailed: 1, DeploymentFailed: 1 },
      hitFault: 4,
      autoRecovered: 2,
      autoRecoveryRate: 0.5,
      mttrMs: 600_000,
    });
    expect(Object.fromEntries(summary.kpis.map((k) => [k.name, k.met]))).toEqual({
      success_rate: false,
      average_duration: false,
      auto_recovery_rate: false,
      mttd: null,
      mttr: true,
      health_coverage: null,
    });
  });

  it('quantiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantile(values, 0.5), quantile(values, 0.95), quantile(values, 1), quantile([], 0.5)]).toEqual([
      50,
      95,
      100,
      null,
    ]);
  });
});
