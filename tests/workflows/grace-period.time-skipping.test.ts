/**
 * The cleanup grace with its real default (24 h) on Temporal's time-skipping test server: the same workflow, the
 * same activities against the sandbox, with no duration shortened. A retry at hour 23 still resumes the job; with no
 * retry, the job compensates after a day and nothing of the tenant is left.
 */
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { startTimeSkippingStack, type TimeSkippingStack } from '../helpers/time-skipping';
import { provisionTenant } from '../../workflows';
import { progressQuery, provisionWorkflowId, retrySignal } from '../../workflows/contracts/provision-tenant';
import { resourcesOf, tenantInput, uniqueTenantId, failureOf } from './workflow-test-utils';

const HOUR_MS = 3_600_000;

describe('cleanup grace with the real 24 h default (time-skipping server)', () => {
  let stack: TimeSkippingStack;

  beforeAll(async () => {
    // Only what a deployment sets: no duration is overridden, so the grace is the 24 h default.
    stack = await startTimeSkippingStack('grace');
    expect(stack.config.provisioning.cleanupGraceMs).toBe(24 * HOUR_MS);
  });

  afterEach(async () => {
    await stack.control.faults.clear();
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function startFailingJob(tenantId: string) {
    await stack.control.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' });
    const handle = await stack.env.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    // Wait (in real time) until the job is failed and waiting; the time-skipping server holds time while it works.
    for (;;) {
      const progress = await handle.query(progressQuery).catch(() => undefined);
      if (progress?.status === 'failed') return { handle, progress };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('compensates a failed job after 24 hours without a retry', async () => {
    const tenantId = uniqueTenantId('grace24');
    const { handle, progress } = await startFailingJob(tenantId);
    const failedAt = progress.steps.find((s) => s.name === 'createPagesProject')?.finishedAt ?? '';
    expect(Date.parse(progress.cleanupAt ?? '') - Date.parse(failedAt)).toBeGreaterThanOrEqual(24 * HOUR_MS - 60_000);
    expect(resourcesOf(await stack.control.inventory(), tenantId).convexProjects).toHaveLength(1);

    const failure = await failureOf(handle);
    expect(failure.name).toBe('WorkflowFailedError');
    expect(failure.cause?.type).toBe('ProvisioningFailed');
    const final = await handle.query(progressQuery);
    expect(final.status).toBe('cleaned_up');
    expect(Date.parse(final.finishedAt ?? '') - Date.parse(final.startedAt)).toBeGreaterThanOrEqual(24 * HOUR_MS);
    expect(resourcesOf(await stack.control.inventory(), tenantId)).toEqual({
      convexProjects: [],
      workosOrganizations: [],
      pagesProjects: [],
    });
  });

  it('still resumes on a retry at hour 23', async () => {
    const tenantId = uniqueTenantId('grace23');
    const { handle } = await startFailingJob(tenantId);
    await stack.control.faults.clear();
    await stack.env.sleep(23 * HOUR_MS);
    expect((await handle.query(progressQuery)).status).toBe('failed');
    await handle.signal(retrySignal, { requestedBy: 'night-shift@example.com' });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', retryCount: 1 });
    expect(resourcesOf(await stack.control.inventory(), tenantId).pagesProjects).toHaveLength(1);
  });

  it('a second run of a provisioned tenant never reaches a grace: after 25 hours the tenant is still live and whole', async () => {
    const tenantId = uniqueTenantId('again24');
    const first = await stack.env.client.workflow.execute(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    expect(first.status).toBe('completed');
    const before = resourcesOf(await stack.control.inventory(), tenantId);
    // The Temporal UI's "start workflow like this one": same ID, default reuse policy.
    const second = await stack.env.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId, { requestedBy: 'someone-in-the-ui' })],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    expect(await second.result()).toMatchObject({ status: 'completed', alreadyProvisioned: true });
    await stack.env.sleep(25 * HOUR_MS);
    expect((await stack.store.getInstance(tenantId))?.status).toBe('active');
    expect((await stack.store.getJob(provisionWorkflowId(tenantId)))?.status).toBe('completed');
    expect(resourcesOf(await stack.control.inventory(), tenantId)).toEqual(before);
    expect(before.pagesProjects).toHaveLength(1);
  });
});
