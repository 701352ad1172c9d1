/**
 * No path harms a live tenant (issue 7), on the real dev server: repeated runs of a completed job started the ways an
 * admin can (the `temporal` CLI with the default reuse policy, a client start that allows a duplicate, the API after
 * the first run's history is gone), each then cancelled; a run under another workflow ID; email failures after the
 * commit point; a second failure after an admin retry. After each, the instance is still `active`, the sandbox
 * inventory of the tenant is unchanged, and the store's job record is the provisioning run's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { formatApiCredential, generateApiToken } from '../../common/api-credentials';
import { temporalAddress } from '../helpers/temporal';
import { provisionTenant, resendEmails } from '../../workflows';
import {
  FailureType,
  progressQuery,
  provisionWorkflowId,
  retrySignal,
  type ProvisionTenantResult,
} from '../../workflows/contracts/provision-tenant';
import { resendEmailsWorkflowId } from '../../workflows/contracts/admin-workflows';
import {
  emailsTo,
  expectCancelled,
  failureOf,
  resourcesOf,
  tenantInput,
  uniqueTenantId,
  waitForProgress,
  waitForStatus,
} from './workflow-test-utils';

const run = promisify(execFile);

/** API credentials of this file's stack: Brain starts jobs, an admin cancels them. */
const tokens = { brain: generateApiToken(), admin: generateApiToken() };

describe('no path harms a live tenant', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      env: {
        PROVISION_CLEANUP_GRACE: '3s',
        NOTIFICATION_MAX_ATTEMPTS: '2',
        NOTIFICATION_RETRY_INITIAL: '100ms',
        NOTIFICATION_RETRY_MAX: '200ms',
        OPS_ALERT_EMAIL: 'ops@brain.example',
        API_CREDENTIALS: [
          formatApiCredential('safety-brain', 'brain', tokens.brain),
          formatApiCredential('safety-admin', 'admin', tokens.admin),
        ].join(','),
      },
    });
  });
  afterEach(async () => {
    await stack.faults.clear();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function provisioned(prefix: string) {
    const tenantId = uniqueTenantId(prefix);
    const handle = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    await handle.result();
    return { tenantId, handle, before: await snapshotOf(tenantId) };
  }

  /** Everything a repeated run must leave as it was. */
  async function snapshotOf(tenantId: string) {
    const instance = await stack.store.getInstance(tenantId);
    const job = await stack.store.getJob(provisionWorkflowId(tenantId));
    return {
      resources: resourcesOf(await stack.inventory(), tenantId),
      instance: { status: instance?.status, jobId: instance?.jobId, resources: instance?.resources },
      job: { status: job?.status, startedAt: job?.startedAt, completedSteps: job?.completedSteps },
      emails: emailsTo(await stack.inventory(), tenantId).length,
    };
  }

  async function expectUntouched(tenantId: string, before: Awaited<ReturnType<typeof snapshotOf>>) {
    const after = await snapshotOf(tenantId);
    expect(after).toEqual(before);
    expect(after.instance.status).toBe('active');
    expect(after.job.status).toBe('completed');
  }

  /** A repeated run completes at once as already provisioned; cancelling it then changes nothing. */
  async function expectAlreadyProvisioned(handle: WorkflowHandle<typeof provisionTenant>, tenantId: string) {
    const result: ProvisionTenantResult = await handle.result();
    expect(result).toMatchObject({ status: 'completed', alreadyProvisioned: true, tenantId });
    expect(result.resources.pagesProjectName).toBe(`tenant-${tenantId}`);
    const progress = await handle.query(progressQuery);
    expect(progress).toMatchObject({ status: 'completed', alreadyProvisioned: true, percent: 100 });
    expect(progress.steps.every((s) => s.status === 'skipped')).toBe(true);
    // An admin cancels it anyway: the run has closed, so nothing compensates.
    await handle.cancel().catch(() => undefined);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  }

  it('a run started again with the temporal CLI (default reuse policy) changes nothing, even when cancelled', async () => {
    const { tenantId, before } = await provisioned('again-cli');
    const cli = process.env.TEMPORAL_CLI;
    if (!cli) throw new Error('TEMPORAL_CLI is not set: run the tests with ./temporal-dev.sh test');
    await run(cli, [
      'workflow',
      'start',
      '--address',
      temporalAddress(),
      '--namespace',
      'default',
      '--task-queue',
      stack.taskQueue,
      '--type',
      'provisionTenant',
      '--workflow-id',
      provisionWorkflowId(tenantId),
      '--input',
      JSON.stringify(tenantInput(tenantId)),
    ]);
    const second = stack.client.workflow.getHandle<typeof provisionTenant>(provisionWorkflowId(tenantId));
    await expectAlreadyProvisioned(second, tenantId);
    await expectUntouched(tenantId, before);
  });

  it('a run started again through the client (duplicate allowed) changes nothing; cancelled at once, still nothing', async () => {
    const { tenantId, before } = await provisioned('again-client');
    const second = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId, { requestedBy: 'someone-else' })],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    // Cancel before it has run its first task: it must end without touching anything.
    await second.cancel();
    const outcome = await second.result().then(
      (result) => result.alreadyProvisioned,
      (err: unknown) => (err as { cause?: { name?: string } }).cause?.name,
    );
    expect([true, 'CancelledFailure']).toContain(outcome);
    await expectUntouched(tenantId, before);
  });

  it('a start through the API after a repeated run was terminated changes nothing', async () => {
    const { tenantId, before } = await provisioned('again-api');
    // An admin's repeat run that never ran (no worker polls its queue) and was terminated: the tenant's latest run is
    // no longer the completed one, so the API starts a new run instead of answering "existing".
    const stray = await stack.client.workflow.start(provisionTenant, {
      taskQueue: `${stack.taskQueue}-nobody-polls`,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    await stray.terminate('test: a stray repeat run');
    const { createApiApp } = await import('../../client/api/app');
    const { createProviderClients } = await import('../../worker/providers');
    const { silentLogger } = await import('../../common/logging');
    const app = createApiApp({
      client: stack.client,
      store: stack.store,
      config: stack.config,
      logger: silentLogger,
      providers: createProviderClients(stack.config, silentLogger),
    });
    const response = await app.request('/provisioning', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.brain}` },
      body: JSON.stringify(tenantInput(tenantId)),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { jobId: string; existing: boolean };
    expect(body).toMatchObject({ jobId: provisionWorkflowId(tenantId), existing: false });
    const second = stack.client.workflow.getHandle<typeof provisionTenant>(body.jobId);
    await expectAlreadyProvisioned(second, tenantId);
    const cancel = await app.request(`/provisioning/${body.jobId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(cancel.status).toBe(409);
    await expectUntouched(tenantId, before);
  });

  it('a run under a workflow ID other than provision-<tenantId> fails at once with InvalidInput naming workflowId', async () => {
    const tenantId = uniqueTenantId('wrong-id');
    const handle = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: `provision-${tenantId}-copy`,
      args: [tenantInput(tenantId)],
    });
    const failure = await failureOf(handle);
    expect(failure.cause?.type).toBe(FailureType.InvalidInput);
    expect(failure.cause?.message).toContain('workflowId');
    expect(resourcesOf(await stack.inventory(), tenantId)).toEqual({
      convexProjects: [],
      workosOrganizations: [],
      pagesProjects: [],
    });
    expect(await stack.store.getInstance(tenantId)).toBeUndefined();
  });

  it.each([
    ['error_500', 'ProviderUnavailable'],
    ['unauthorized_401', 'ProviderAuthFailed'],
    ['quota_exceeded', 'ProviderQuotaExceeded'],
  ] as const)(
    'ready/welcome emails failing with %s after activation: the job completes, the tenant is live, an alert is recorded, resend-emails sends them',
    async (kind, failureType) => {
      const tenantId = uniqueTenantId(`mail-${kind.slice(0, 5)}`);
      const handle = await stack.client.workflow.start(provisionTenant, {
        taskQueue: stack.taskQueue,
        workflowId: provisionWorkflowId(tenantId),
        args: [tenantInput(tenantId)],
      });
      const jobKey = `${handle.workflowId}:${handle.firstExecutionRunId}`;
      for (const email of ['ready', 'welcome']) {
        await stack.faults.add({ provider: 'sendgrid', operation: 'send', kind, match: `${jobKey}:${email}` });
      }
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed', notifications: 'failed' });
      const progress = await handle.query(progressQuery);
      expect(progress.status).toBe('completed');
      expect(progress.notifications).toBe('failed');
      expect(progress.steps.find((s) => s.name === 'sendReadyEmails')).toMatchObject({
        status: 'failed',
        error: { type: failureType },
      });
      expect((await stack.store.getInstance(tenantId))?.status).toBe('active');
      expect((await stack.store.getJob(handle.workflowId))?.status).toBe('completed');

      const alerts = await stack.store.listOperatorAlerts({ tenantId });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ kind: 'notifications_failed', jobId: handle.workflowId });
      expect(alerts[0]?.message).toContain(failureType);
      const inventory = await stack.inventory();
      const opsEmails = inventory.sendgrid.emails.filter(
        (e) => e.to.includes('ops@brain.example') && e.subject.includes(tenantId),
      );
      expect(opsEmails).toHaveLength(1);
      expect(emailsTo(inventory, tenantId).map((e) => e.categories?.[1])).toEqual(['started']);

      await stack.faults.clear();
      const resent = await stack.client.workflow.execute(resendEmails, {
        taskQueue: stack.taskQueue,
        workflowId: resendEmailsWorkflowId(handle.workflowId, uniqueTenantId('r')),
        args: [{ jobId: handle.workflowId, requestedBy: 'ops@brain.example' }],
      });
      expect(resent).toEqual({ jobId: handle.workflowId, tenantId, sent: ['ready', 'welcome'], skipped: [] });
      const kinds = emailsTo(await stack.inventory(), tenantId).map((e) => e.categories?.[1]);
      expect(kinds.sort()).toEqual(['ready', 'started', 'welcome']);

      // A second resend without --force sends nothing: the owner has them now.
      const again = await stack.client.workflow.execute(resendEmails, {
        taskQueue: stack.taskQueue,
        workflowId: resendEmailsWorkflowId(handle.workflowId, uniqueTenantId('r')),
        args: [{ jobId: handle.workflowId }],
      });
      expect(again).toMatchObject({ sent: [], skipped: ['ready', 'welcome'] });
    },
  );

  it('resend-emails refuses a job whose tenant is not provisioned (InvalidInput naming jobId)', async () => {
    const tenantId = uniqueTenantId('resend-none');
    const handle = await stack.client.workflow.start(resendEmails, {
      taskQueue: stack.taskQueue,
      workflowId: resendEmailsWorkflowId(provisionWorkflowId(tenantId), 'x'),
      args: [{ jobId: provisionWorkflowId(tenantId) }],
    });
    const failure = await failureOf(handle);
    const cause = failure.cause as { cause?: { type?: string; message?: string } } | undefined;
    expect(cause?.cause?.type).toBe(FailureType.InvalidInput);
    expect(cause?.cause?.message).toContain('jobId');
  });

  it('a job that fails again after an admin retry emails the owner again, once per failure', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' });
    const tenantId = uniqueTenantId('fail-twice');
    const handle = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    await waitForStatus(handle, 'failed');
    await eventually(async () => failureEmails(tenantId).then((n) => n === 1));
    await handle.signal(retrySignal, { requestedBy: 'admin@brain.example' });
    await waitForProgress(handle, (p) => p.retryCount === 1 && p.status === 'failed');
    await eventually(async () => failureEmails(tenantId).then((n) => n === 2));
    await handle.cancel();
    await expectCancelled(handle);
    // The job has closed: every email it sent is in the outbox.
    expect(await failureEmails(tenantId)).toBe(2);
  });

  async function failureEmails(tenantId: string): Promise<number> {
    return emailsTo(await stack.inventory(), tenantId).filter((e) => e.categories?.includes('failed')).length;
  }
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
