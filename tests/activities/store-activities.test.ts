import { DEFAULT_STEP_DURATIONS_MS } from '../../activities/step-durations';
import { FailureType } from '../../workflows/contracts/provision-tenant';
import { rejectionOf, reservation, startActivityEnv, uniqueTenantId, type ActivityEnv } from '../helpers/activity-env';
import { makeJob, makeProgress, makeSteps } from '../store/fixtures';
import { tenantInput } from '../workflows/workflow-test-utils';

let env: ActivityEnv;

beforeAll(async () => {
  // MAX_INSTANCES_PER_REQUESTER is 3 in the activity test configuration.
  env = await startActivityEnv();
});
afterAll(() => env.close());

describe('getProvisioningSettings', () => {
  it('returns the configured durations and, with no history, the default step durations', async () => {
    const settings = await env.run(env.activities.getProvisioningSettings, {
      input: tenantInput(uniqueTenantId()),
    });
    const p = env.config.provisioning;
    expect(settings).toMatchObject({
      retry: {
        maximumAttempts: p.maxAttempts,
        initialIntervalMs: p.retryInitialMs,
        backoffCoefficient: p.retryBackoff,
        maximumIntervalMs: p.retryMaxMs,
      },
      cleanupGraceMs: p.cleanupGraceMs,
      compensationMaxAttempts: p.compensationMaxAttempts,
      activityTimeoutMs: p.activityTimeoutMs,
      deploymentTimeoutMs: p.deploymentTimeoutMs,
      loginUrlBase: p.loginUrlBase,
      supportUrl: p.supportUrl,
    });
    expect(settings.expectedStepDurationsMs).toEqual(DEFAULT_STEP_DURATIONS_MS);
  });

  it('returns the job input validated and trimmed by the contract schema', async () => {
    const input = { ...tenantInput(uniqueTenantId()), name: '  Acme Corp  ' };
    const settings = await env.run(env.activities.getProvisioningSettings, { input });
    expect(settings.input).toEqual({ ...input, name: 'Acme Corp' });
  });

  it('refuses invalid job input with a non-retryable InvalidInput naming every bad field', async () => {
    const input = { ...tenantInput(uniqueTenantId()), tenantId: 'Not A Slug', plan: 'gold' };
    const failure = await rejectionOf(env.run(env.activities.getProvisioningSettings, { input }));
    expect(failure).toMatchObject({ type: FailureType.InvalidInput, nonRetryable: true });
    expect(failure.message).toMatch(/tenantId: .*plan: /);
    expect((failure as unknown as { details: unknown }).details).toMatchObject([{ fields: ['tenantId', 'plan'] }]);
  });

  it('learns step durations from completed jobs (median)', async () => {
    const local = await startActivityEnv();
    try {
      const seconds = [4, 6, 20];
      for (const [i, s] of seconds.entries()) {
        const tenantId = `learn-${i}-${process.pid}`;
        const startedAt = `2025-01-1${i}T12:00:00.000Z`;
        const progress = makeProgress({ tenantId, startedAt, status: 'completed', steps: makeSteps(startedAt, 9, s) });
        await local.store.upsertJob(makeJob({ tenantId, startedAt, status: 'completed', progress }));
      }
      const settings = await local.run(local.activities.getProvisioningSettings, {
        input: tenantInput('any-tenant'),
      });
      expect(settings.expectedStepDurationsMs.createConvexProject).toBe(6000);
      expect(settings.expectedStepDurationsMs.sendReadyEmails).toBe(6000);
    } finally {
      await local.close();
    }
  });
});

describe('recordJobSnapshot', () => {
  it('upserts the job projection with the failed step and error', async () => {
    const tenantId = uniqueTenantId();
    const progress = makeProgress({
      tenantId,
      status: 'failed',
      error: { step: 'deployFrontend', type: 'DeploymentFailed', message: 'build failed', nonRetryable: true },
      retryCount: 1,
    });
    await env.run(env.activities.recordJobSnapshot, {
      progress,
      plan: 'enterprise',
      ownerEmail: 'ada@example.com',
      requestedBy: 'brain',
      lastActionBy: 'admin@example.com',
    });
    const job = await env.store.getJob(`provision-${tenantId}`);
    expect(job).toMatchObject({
      tenantId,
      plan: 'enterprise',
      status: 'failed',
      failedStep: 'deployFrontend',
      errorType: 'DeploymentFailed',
      errorMessage: 'build failed',
      retryCount: 1,
      lastActionBy: 'admin@example.com',
    });
    expect(job?.progress.jobId).toBe(progress.jobId);
  });
});

describe('reserveQuota / releaseReservation / activateInstance', () => {
  it('records the instance as provisioning and reports the attempt', async () => {
    const tenantId = uniqueTenantId();
    const result = await env.run(env.activities.reserveQuota, reservation(tenantId, { requestedBy: 'req-a' }), {
      info: { attempt: 2 },
    });
    expect(result).toEqual({ attempt: 2 });
    expect(await env.store.getInstance(tenantId)).toMatchObject({
      status: 'provisioning',
      requestedBy: 'req-a',
      jobId: `provision-${tenantId}`,
      plan: 'pro',
    });
  });

  it('enforces the per-requester quota, not counting the tenant itself', async () => {
    const requester = `quota-${process.pid}`;
    const tenants = [uniqueTenantId(), uniqueTenantId(), uniqueTenantId()];
    for (const tenantId of tenants)
      await env.run(env.activities.reserveQuota, reservation(tenantId, { requestedBy: requester }));
    // A retry of an already reserved tenant is not a new instance.
    await env.run(env.activities.reserveQuota, reservation(tenants[0] ?? '', { requestedBy: requester }));

    const extra = uniqueTenantId();
    const failure = await rejectionOf(
      env.run(env.activities.reserveQuota, reservation(extra, { requestedBy: requester })),
    );
    expect(failure.type).toBe(FailureType.TenantQuotaExceeded);
    expect(failure.nonRetryable).toBe(true);
    expect(await env.store.getInstance(extra)).toBeUndefined();

    // Releasing one frees a slot.
    await env.run(env.activities.releaseReservation, {
      tenantId: tenants[1] ?? '',
      jobId: `provision-${tenants[1]}`,
      status: 'cleaned_up',
    });
    await env.run(env.activities.reserveQuota, reservation(extra, { requestedBy: requester }));
    expect((await env.store.getInstance(extra))?.status).toBe('provisioning');
  });

  it('refuses a tenant that already has an active instance (ResourceConflict)', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.reserveQuota, reservation(tenantId, { requestedBy: 'req-b' }));
    await env.run(env.activities.activateInstance, { tenantId, jobId: `provision-${tenantId}`, resources: {} });
    const failure = await rejectionOf(
      env.run(env.activities.reserveQuota, reservation(tenantId, { requestedBy: 'req-b' })),
    );
    expect(failure.type).toBe(FailureType.ResourceConflict);
    expect(failure.nonRetryable).toBe(true);
  });

  it('releaseReservation marks the instance removed and is idempotent', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    await env.run(env.activities.reserveQuota, reservation(tenantId, { requestedBy: 'req-c' }));
    await env.run(env.activities.releaseReservation, { tenantId, jobId, status: 'cancelled' });
    await env.run(env.activities.releaseReservation, { tenantId, jobId, status: 'cancelled' });
    expect((await env.store.getInstance(tenantId))?.status).toBe('removed');
    // No instance at all: nothing to do.
    await env.run(env.activities.releaseReservation, {
      tenantId: uniqueTenantId(),
      jobId: 'provision-x',
      status: 'cancelled',
    });
  });

  it('activateInstance stores the resources and keeps the first activation time on a retry', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    await env.run(env.activities.reserveQuota, reservation(tenantId, { requestedBy: 'req-d' }));
    const resources = { workosOrganizationId: 'org_1', convexProjectId: 7, siteUrl: 'http://x.test/' };
    const first = await env.run(
      env.activities.activateInstance,
      { tenantId, jobId, resources },
      { info: { attempt: 3 } },
    );
    expect(first).toEqual({ attempt: 3 });
    const activated = await env.store.getInstance(tenantId);
    expect(activated).toMatchObject({ status: 'active', resources });
    expect(activated?.activatedAt).not.toBeNull();
    await env.run(env.activities.activateInstance, { tenantId, jobId, resources });
    expect((await env.store.getInstance(tenantId))?.activatedAt).toBe(activated?.activatedAt);
  });

  it('activateInstance without a reservation is InvalidInput', async () => {
    const tenantId = uniqueTenantId();
    const failure = await rejectionOf(
      env.run(env.activities.activateInstance, { tenantId, jobId: `provision-${tenantId}`, resources: {} }),
    );
    expect(failure.type).toBe(FailureType.InvalidInput);
  });
});

describe('recordLeak', () => {
  it('stores the leaked resources with the failing step and error', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.recordLeak, {
      tenantId,
      jobId: `provision-${tenantId}`,
      step: 'createConvexProject',
      resources: { convexProjectId: 12 },
      error: 'ProviderUnavailable: convex deleteProject failed (500)',
    });
    const leaks = await env.store.listLeaks({ tenantId });
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatchObject({ step: 'createConvexProject', resources: { convexProjectId: 12 } });
  });
});
