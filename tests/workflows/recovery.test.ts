/**
 * Error recovery of provisionTenant on the real dev server with short durations: automatic retries, permanent
 * failures, the admin `retry` signal, grace-period compensation, cancellation, and compensation that has to retry.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { provisionTenant } from '../../workflows';
import { progressQuery, provisionWorkflowId, retrySignal } from '../../workflows/contracts/provision-tenant';
import {
  emailsTo,
  resourcesOf,
  tenantInput,
  uniqueTenantId,
  waitForProgress,
  waitForStatus,
  failureOf,
  expectCancelled,
} from './workflow-test-utils';

const GRACE = '4s';

describe('provisionTenant error recovery', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      env: {
        PROVISION_CLEANUP_GRACE: GRACE,
        PROVISION_RETRY_INITIAL: '100ms',
        COMPENSATION_MAX_ATTEMPTS: '3',
      },
    });
  });
  afterEach(async () => {
    await stack.faults.clear();
  });
  afterAll(async () => {
    await stack?.close();
  });

  function start(tenantId: string) {
    return stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
  }

  async function expectNothingLeftOf(tenantId: string) {
    const mine = resourcesOf(await stack.inventory(), tenantId);
    expect(mine).toEqual({ convexProjects: [], workosOrganizations: [], pagesProjects: [] });
  }

  it('retries a transient fault automatically and succeeds', async () => {
    await stack.faults.add({ provider: 'convex', operation: 'createProject', kind: 'error_500', count: 1 });
    await stack.faults.add({ provider: 'workos', operation: 'createOrganization', kind: 'rate_limit_429', count: 1 });
    const tenantId = uniqueTenantId('transient');
    const handle = await start(tenantId);
    await handle.result();
    const { steps, retryCount } = await handle.query(progressQuery);
    expect(steps.find((s) => s.name === 'createConvexProject')?.attempts).toBe(2);
    expect(steps.find((s) => s.name === 'createWorkosOrganization')?.attempts).toBe(2);
    expect(retryCount).toBe(0);
    const mine = resourcesOf(await stack.inventory(), tenantId);
    expect(mine.convexProjects).toHaveLength(1);
    expect(mine.workosOrganizations).toHaveLength(1);
  });

  it('does not retry a permanent fault: the job fails, emails the owner once and waits', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' });
    const tenantId = uniqueTenantId('permanent');
    const handle = await start(tenantId);
    const failed = await waitForStatus(handle, 'failed');
    expect(failed.error).toMatchObject({ step: 'createPagesProject', type: 'ProviderAuthFailed', nonRetryable: true });
    expect(failed.steps.find((s) => s.name === 'createPagesProject')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.cleanupAt).not.toBeNull();
    const job = await waitForStoredJob(tenantId, 'failed');
    expect(job.failedStep).toBe('createPagesProject');
    expect(job.errorType).toBe('ProviderAuthFailed');
    await waitForEmails(tenantId, 'failed');
    await handle.cancel();
    await expectCancelled(handle);
    // The job has closed, so every email it would send is in the outbox: exactly one failure email.
    const failureEmails = emailsTo(await stack.inventory(), tenantId).filter((e) => e.categories?.includes('failed'));
    expect(failureEmails).toHaveLength(1);
    expect(failureEmails[0]?.text).toContain('while we were creating your web app');
    expect(failureEmails[0]?.text).toContain(`Reference: ${provisionWorkflowId(tenantId)}`);
    expect(failureEmails[0]?.text).not.toContain('ProviderAuthFailed');
  });

  it('resumes from the failed step on `retry`, reusing the resources already created', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'quota_exceeded' });
    const tenantId = uniqueTenantId('retry');
    const handle = await start(tenantId);
    const failed = await waitForStatus(handle, 'failed');
    expect(failed.error?.type).toBe('ProviderQuotaExceeded');
    const convexBefore = failed.resources.convexProjectId;
    await stack.faults.clear();

    await handle.signal(retrySignal, { requestedBy: 'admin@example.com' });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.retryCount).toBe(1);
    expect(result.resources.convexProjectId).toBe(convexBefore);
    const progress = await handle.query(progressQuery);
    expect(progress.retries).toEqual([{ requestedBy: 'admin@example.com', at: expect.any(String) }]);
    const mine = resourcesOf(await stack.inventory(), tenantId);
    expect(mine.convexProjects).toHaveLength(1);
    expect(mine.workosOrganizations).toHaveLength(1);
    expect(mine.pagesProjects).toHaveLength(1);
    const job = await waitForStoredJob(tenantId, 'completed');
    expect(job.retryCount).toBe(1);
    expect(job.lastActionBy).toBe('admin@example.com');
    // Its metrics record: the first failure, the admin retry, not recovered on its own.
    const [metrics] = (await stack.store.listProvisioningMetrics()).filter((m) => m.tenantId === tenantId);
    expect(metrics).toMatchObject({
      outcome: 'completed',
      failedStep: 'createPagesProject',
      errorType: 'ProviderQuotaExceeded',
      retries: 1,
      hitFault: true,
      autoRecovered: false,
    });
    expect(metrics?.failures).toHaveLength(1);
  });

  it('cleans up every resource once the grace passes without a retry', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createDeployment', kind: 'unauthorized_401' });
    const tenantId = uniqueTenantId('grace');
    const handle = await start(tenantId);
    const failed = await waitForStatus(handle, 'failed');
    expect(failed.error?.step).toBe('deployFrontend');
    expect(resourcesOf(await stack.inventory(), tenantId).pagesProjects).toHaveLength(1);

    const failure = await failureOf(handle);
    expect(failure.name).toBe('WorkflowFailedError');
    expect(failure.cause?.type).toBe('ProvisioningFailed');
    const progress = await handle.query(progressQuery);
    expect(progress.status).toBe('cleaned_up');
    expect(progress.leaks).toEqual([]);
    await expectNothingLeftOf(tenantId);
    expect((await stack.store.getInstance(tenantId))?.status).toBe('removed');
    const [metrics] = (await stack.store.listProvisioningMetrics()).filter((m) => m.tenantId === tenantId);
    expect(metrics).toMatchObject({
      outcome: 'cleaned_up',
      failedStep: 'deployFrontend',
      errorType: 'ProviderAuthFailed',
    });
  });

  it('compensates at once when cancelled mid-way and ends cancelled', async () => {
    await stack.setLatency({ profile: 'realistic', factor: 0.1 });
    try {
      const tenantId = uniqueTenantId('cancel');
      const handle = await start(tenantId);
      await waitForProgress(handle, (p) => p.currentStep === 'deployFrontend');
      await handle.cancel();
      const progress = await expectCancelled(handle);
      expect(progress.currentStep).toBe('deployFrontend'); // where it stopped, not the next step it never started
      await expectNothingLeftOf(tenantId);
    } finally {
      await stack.setLatency({ profile: 'zero' });
    }
  });

  it('lets a cancel win over the failure of the attempt in flight: never `failed`, no failure email', async () => {
    // The attempt hangs until the provider timeout; the cancel request arrives while it is in flight. The activity
    // does not heartbeat, so it fails on its own and the server reports that failure, not a cancellation.
    const fault = await stack.faults.add({ provider: 'convex', operation: 'createProject', kind: 'timeout', count: 1 });
    const tenantId = uniqueTenantId('cancelrace');
    const handle = await start(tenantId);
    await waitUntil(async () => (await stack.faults.remaining(fault.id)) === 0);
    await handle.cancel();

    const progress = await expectCancelled(handle);
    expect(progress.error).toBeNull();
    const statuses = await publishedStatuses(handle);
    expect(statuses).not.toContain('failed');
    expect(statuses.at(-1)).toBe('cancelled');
    expect(emailsTo(await stack.inventory(), tenantId).filter((e) => e.categories?.includes('failed'))).toEqual([]);
    await expectNothingLeftOf(tenantId);
  });

  it('completes a job cancelled after its instance was activated: it is committed and never compensated', async () => {
    const tenantId = uniqueTenantId('cancellate');
    const handle = await start(tenantId);
    // The ready email's first attempt hangs until the provider timeout; the cancel arrives while it is in flight.
    const fault = await stack.faults.add({
      provider: 'sendgrid',
      operation: 'send',
      kind: 'timeout',
      count: 1,
      match: `${handle.workflowId}:${handle.firstExecutionRunId}:ready`,
    });
    await waitUntil(async () => (await stack.faults.remaining(fault.id)) === 0);
    await handle.cancel();

    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect((await handle.query(progressQuery)).status).toBe('completed');
    const ready = emailsTo(await stack.inventory(), tenantId).filter((e) => e.categories?.includes('ready'));
    expect(ready).toHaveLength(1);
    const mine = resourcesOf(await stack.inventory(), tenantId);
    expect([mine.convexProjects.length, mine.workosOrganizations.length, mine.pagesProjects.length]).toEqual([1, 1, 1]);
  });

  /** Every ProvisioningStatus the job upserted, in history order. */
  async function publishedStatuses(handle: WorkflowHandle) {
    const { events } = await handle.fetchHistory();
    return (events ?? []).flatMap((event) => {
      const payload =
        event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.ProvisioningStatus;
      return payload?.data ? [JSON.parse(Buffer.from(payload.data).toString('utf8')) as string] : [];
    });
  }

  async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('still cleans up when the provider first fails the delete', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createDeployment', kind: 'unauthorized_401' });
    await stack.faults.add({ provider: 'cloudflare', operation: 'deleteProject', kind: 'error_500', count: 2 });
    await stack.faults.add({ provider: 'convex', operation: 'deleteProject', kind: 'commit_then_500', count: 1 });
    const tenantId = uniqueTenantId('delfail');
    const handle = await start(tenantId);
    await waitForStatus(handle, 'failed');
    await handle.result().catch(() => undefined);
    const progress = await handle.query(progressQuery);
    expect(progress.status).toBe('cleaned_up');
    expect(progress.leaks).toEqual([]);
    await expectNothingLeftOf(tenantId);
  });

  it('a transient fault that outlasts the attempts fails the job with the transient type after every attempt', async () => {
    await stack.faults.add({ provider: 'workos', operation: 'createOrganization', kind: 'error_500' });
    const tenantId = uniqueTenantId('outlast');
    const handle = await start(tenantId);
    const failed = await waitForStatus(handle, 'failed');
    expect(failed.error).toMatchObject({ step: 'createWorkosOrganization', type: 'ProviderUnavailable' });
    expect(failed.steps.find((s) => s.name === 'createWorkosOrganization')).toMatchObject({
      status: 'failed',
      attempts: stack.config.provisioning.maxAttempts,
    });
    await handle.cancel();
    await expectCancelled(handle);
  });

  it('a compensation that gives up records a leak (progress and store) and the other undos still run', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createDeployment', kind: 'unauthorized_401' });
    await stack.faults.add({ provider: 'workos', operation: 'deleteOrganization', kind: 'error_500' });
    const tenantId = uniqueTenantId('leak');
    const handle = await start(tenantId);
    await waitForStatus(handle, 'failed');
    const failure = await failureOf(handle);
    expect(failure.cause?.type).toBe('ProvisioningFailed');
    const progress = await handle.query(progressQuery);
    expect(progress.status).toBe('cleaned_up');
    expect(progress.leaks).toEqual([
      { step: 'createWorkosOrganization', error: expect.stringContaining('ProviderUnavailable') },
    ]);
    expect(await stack.store.listLeaks({ tenantId })).toEqual([
      expect.objectContaining({ step: 'createWorkosOrganization', jobId: provisionWorkflowId(tenantId) }),
    ]);
    const mine = resourcesOf(await stack.inventory(), tenantId);
    expect(mine.workosOrganizations).toHaveLength(1); // the leak, left for the orphan scan
    expect(mine.convexProjects).toEqual([]);
    expect(mine.pagesProjects).toEqual([]);
  });

  it("refuses a requester over quota at the workflow's first step (TenantQuotaExceeded, one attempt, nothing created)", async () => {
    const requestedBy = `quota-${uniqueTenantId('q')}`;
    const limit = stack.config.provisioning.maxInstancesPerRequester;
    for (let n = 0; n < limit; n++) {
      const id = uniqueTenantId(`quota-${n}`);
      await stack.store.upsertInstance({
        tenantId: id,
        name: id,
        plan: 'free',
        ownerEmail: `${id}@example.com`,
        ownerName: 'Other',
        requestedBy,
        region: null,
        status: 'active',
        resources: {},
        jobId: provisionWorkflowId(id),
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        activatedAt: new Date().toISOString(),
        lastHealthCheckAt: null,
        unhealthySince: null,
      });
    }
    const tenantId = uniqueTenantId('overquota');
    const handle = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId, { requestedBy })],
    });
    const failed = await waitForStatus(handle, 'failed');
    expect(failed.error).toMatchObject({ step: 'reserveQuota', type: 'TenantQuotaExceeded', nonRetryable: true });
    expect(failed.steps.find((s) => s.name === 'reserveQuota')?.attempts).toBe(1);
    expect(failed.steps.filter((s) => s.startedAt !== null).map((s) => s.name)).toEqual(['reserveQuota']);
    await handle.cancel();
    await expectCancelled(handle);
    await expectNothingLeftOf(tenantId);
  });

  /** The failure email is sent right after the job is marked failed: poll for it. */
  async function waitForEmails(tenantId: string, kind: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const emails = emailsTo(await stack.inventory(), tenantId).filter((e) => e.categories?.includes(kind));
      if (emails.length > 0 || Date.now() > deadline) return emails;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function waitForStoredJob(tenantId: string, status: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const job = await stack.store.getJob(provisionWorkflowId(tenantId));
      if (job?.status === status) return job;
      if (Date.now() > deadline) throw new Error(`job not ${status} in the store: ${JSON.stringify(job?.status)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

/** What the SDK's built-in `__temporal_workflow_metadata` query answers (the Temporal UI reads it). */
interface WorkflowMetadata {
  currentDetails?: string;
  definition?: {
    queryDefinitions?: { name: string; description?: string }[];
    signalDefinitions?: { name: string; description?: string }[];
  };
}

describe('provisionTenant: a failed job waiting for its retry', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // A grace far longer than the test: the cleanup can only come from the cancel.
    stack = await startTestStack({ env: { PROVISION_CLEANUP_GRACE: '10m' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('compensates at once when cancelled, without waiting for the grace, and ends cancelled', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'quota_exceeded' });
    const tenantId = uniqueTenantId('failcancel');
    const handle = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    const failed = await waitForStatus(handle, 'failed');
    expect(resourcesOf(await stack.inventory(), tenantId).convexProjects).toHaveLength(1);
    expect(Date.parse(failed.cleanupAt ?? '') - Date.now()).toBeGreaterThan(60_000);

    // What the Temporal UI shows an admin: the current details say why it failed and how to retry it.
    const metadata = await handle.query<WorkflowMetadata>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('Failed at `createPagesProject`: ProviderQuotaExceeded');
    expect(metadata.currentDetails).toContain(`Cleaned up at ${failed.cleanupAt} unless retried`);
    expect(metadata.currentDetails).toContain('**Send Signal** `retry`');
    expect(metadata.definition?.signalDefinitions).toContainEqual({
      name: 'retry',
      description: expect.stringContaining('requestedBy'),
    });
    expect(metadata.definition?.queryDefinitions).toContainEqual({
      name: 'progress',
      description: expect.stringContaining('Live progress'),
    });

    await handle.cancel();
    const progress = await expectCancelled(handle);
    expect(progress).toMatchObject({ currentStep: 'createPagesProject', leaks: [] });
    expect(resourcesOf(await stack.inventory(), tenantId)).toEqual({
      convexProjects: [],
      workosOrganizations: [],
      pagesProjects: [],
    });
  });
});
