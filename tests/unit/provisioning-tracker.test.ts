import { PROVISIONING_STEPS } from '../../workflows/contracts/provision-tenant';
import { ProvisioningTracker } from '../../workflows/provisioning-tracker';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function tracker(expected: Record<string, number> = {}): ProvisioningTracker {
  return new ProvisioningTracker({
    jobId: 'provision-acme',
    tenantId: 'acme',
    startedAt: T0,
    maxRetries: 3,
    expectedStepDurationsMs: expected,
  });
}

describe('ProvisioningTracker', () => {
  it('starts with every step pending and the ETA on the critical path of the stage graph', () => {
    const t = tracker(Object.fromEntries(PROVISIONING_STEPS.map((s) => [s, 1000])));
    const p = t.progress();
    expect(p.status).toBe('running');
    expect(p.totalSteps).toBe(PROVISIONING_STEPS.length);
    expect(p.steps.every((s) => s.status === 'pending')).toBe(true);
    expect(p.currentStep).toBe('reserveQuota');
    // 7 stages of 1 s each: parallel steps do not add up.
    expect(p.estimatedCompletionAt).toBe(new Date(T0 + 7000).toISOString());
  });

  it('uses the slowest step of a stage for the ETA', () => {
    const t = tracker({ createWorkosOrganization: 500, createConvexProject: 4000 });
    const eta = Date.parse(t.progress().estimatedCompletionAt ?? '');
    // 6 stages at the 2 s default + the 4 s stage.
    expect(eta - T0).toBe(6 * 2000 + 4000);
  });

  it('records timings, attempts and percent as steps complete', () => {
    const t = tracker();
    t.stepStarted('reserveQuota', T0 + 10);
    expect(t.progress().currentStep).toBe('reserveQuota');
    t.stepCompleted('reserveQuota', 2, T0 + 30);
    const step = t.progress().steps.find((s) => s.name === 'reserveQuota');
    expect(step).toMatchObject({
      status: 'completed',
      attempts: 2,
      startedAt: new Date(T0 + 10).toISOString(),
      finishedAt: new Date(T0 + 30).toISOString(),
    });
    expect(t.progress().percent).toBe(Math.round((1 / PROVISIONING_STEPS.length) * 100));
    expect(t.progress().currentStep).toBe('createWorkosOrganization');
  });

  it('goes failed with the step error and back to running on retry, keeping completed steps', () => {
    const t = tracker();
    t.stepStarted('reserveQuota', T0);
    t.stepCompleted('reserveQuota', 1, T0 + 1);
    t.stepStarted('createConvexProject', T0 + 2);
    const error = { type: 'ProviderAuthFailed', message: '401', nonRetryable: true };
    t.stepFailed('createConvexProject', error, 1, T0 + 3);
    t.jobFailed('createConvexProject', error, T0 + 1000);
    let p = t.progress();
    expect(p.status).toBe('failed');
    expect(p.error).toEqual({ ...error, step: 'createConvexProject' });
    expect(p.cleanupAt).toBe(new Date(T0 + 1000).toISOString());
    expect(p.estimatedCompletionAt).toBeNull();
    expect(p.currentStep).toBe('createConvexProject');

    t.retried('admin@example.com', T0 + 500);
    p = t.progress();
    expect(p.status).toBe('running');
    expect(p.retryCount).toBe(1);
    expect(p.retries).toEqual([{ requestedBy: 'admin@example.com', at: new Date(T0 + 500).toISOString() }]);
    expect(p.error).toBeNull();
    expect(p.steps.find((s) => s.name === 'reserveQuota')?.status).toBe('completed');
    expect(p.steps.find((s) => s.name === 'createConvexProject')?.status).toBe('pending');
    expect(p.cleanupAt).toBeNull();
  });

  it('lists started steps (their compensations are registered) in execution order', () => {
    const t = tracker();
    t.stepStarted('reserveQuota', T0);
    t.stepCompleted('reserveQuota', 1, T0);
    t.stepStarted('createWorkosOrganization', T0);
    t.stepStarted('createConvexProject', T0);
    t.stepFailed('createConvexProject', { type: 'X', message: 'x', nonRetryable: false }, 3, T0);
    expect(t.startedSteps()).toEqual(['reserveQuota', 'createWorkosOrganization', 'createConvexProject']);
  });

  it('returns copies from progress() so a query result cannot change the state', () => {
    const t = tracker();
    const p = t.progress();
    p.steps[0]!.status = 'completed';
    p.resources.siteUrl = 'x';
    expect(t.progress().steps[0]!.status).toBe('pending');
    expect(t.progress().resources.siteUrl).toBeUndefined();
  });

  it('ends completed with 100% and no current step', () => {
    const t = tracker();
    for (const name of PROVISIONING_STEPS) {
      t.stepStarted(name, T0);
      t.stepCompleted(name, 1, T0 + 1);
    }
    t.finish('completed', T0 + 5);
    const p = t.progress();
    expect(p).toMatchObject({ status: 'completed', percent: 100, currentStep: null });
    expect(p.finishedAt).toBe(new Date(T0 + 5).toISOString());
    expect(t.isTerminal()).toBe(true);
  });

  it('keeps a cancelled job at the step where it stopped, not at a step it never started', () => {
    const t = new ProvisioningTracker({ jobId: 'provision-acme', tenantId: 'acme', startedAt: T0, maxRetries: 3 });
    t.stepStarted('reserveQuota', T0);
    t.stepCompleted('reserveQuota', 1, T0 + 1);
    t.stepStarted('createWorkosOrganization', T0 + 1);
    t.stepStarted('createConvexProject', T0 + 1);
    t.stepCompleted('createWorkosOrganization', 1, T0 + 2);
    t.compensating();
    for (const name of t.startedSteps().reverse()) {
      t.stepCompensation(name, 'compensating');
      expect(t.currentStep()).toBe(name);
      t.stepCompensation(name, 'compensated');
    }
    t.finish('cancelled', T0 + 3);
    expect(t.progress()).toMatchObject({ status: 'cancelled', currentStep: 'createConvexProject' });
  });

  it('keeps a cleaned-up job at its failed step', () => {
    const t = new ProvisioningTracker({ jobId: 'provision-acme', tenantId: 'acme', startedAt: T0, maxRetries: 3 });
    t.stepStarted('reserveQuota', T0);
    t.stepFailed('reserveQuota', { type: 'ProviderQuotaExceeded', message: 'quota', nonRetryable: true }, 1, T0 + 1);
    t.jobFailed('reserveQuota', { type: 'ProviderQuotaExceeded', message: 'quota', nonRetryable: true }, T0 + 10);
    t.compensating();
    t.stepCompensation('reserveQuota', 'compensated');
    t.finish('cleaned_up', T0 + 11);
    expect(t.progress().currentStep).toBe('reserveQuota');
  });
});
