/**
 * The typed library Brain imports, against a real worker: validation, idempotent start, search attributes,
 * following progress, visibility listing, the reuse policy after cancellation, and typed errors.
 */
import { hasErrorCode, type ValidationError } from '../../client/lib/errors';
import {
  createTenantProvisioningClient,
  jobSummaryText,
  type TenantProvisioningClient,
} from '../../client/lib/provisioning-client';
import type { ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import {
  ProvisioningStatusAttribute,
  TenantIdAttribute,
  TenantPlanAttribute,
} from '../../workflows/contracts/search-attributes';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { tenantInput, uniqueTenantId } from '../workflows/workflow-test-utils';

let stack: TestStack;
let jobs: TenantProvisioningClient;

beforeAll(async () => {
  stack = await startTestStack();
  jobs = createTenantProvisioningClient({ client: stack.client, taskQueue: stack.taskQueue });
});

afterAll(async () => {
  await stack?.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

async function eventually<T>(fn: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('createTenantProvisioningClient', () => {
  it('rejects invalid input with invalid_input naming the fields, starting nothing', async () => {
    const tenantId = uniqueTenantId('lib-bad');
    const err = await rejection(jobs.startProvisioning({ ...tenantInput(tenantId), plan: 'gold', name: '' }));
    expect(hasErrorCode(err, 'invalid_input')).toBe(true);
    expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual(['name', 'plan']);
    expect(hasErrorCode(await rejection(jobs.getProgress(`provision-${tenantId}`)), 'job_not_found')).toBe(true);
  });

  it('starts once per tenant, tags the run with the search attributes and follows it to completion', async () => {
    const tenantId = uniqueTenantId('lib-ok');
    const first = await jobs.startProvisioning(tenantInput(tenantId));
    expect(first).toMatchObject({ jobId: `provision-${tenantId}`, existing: false, executionStatus: 'RUNNING' });

    const second = await jobs.startProvisioning(tenantInput(tenantId));
    expect(second).toMatchObject({ jobId: first.jobId, existing: true });
    expect(second.runId).toBe(first.runId);

    const description = await stack.client.workflow.getHandle(first.jobId).describe();
    expect(description.typedSearchAttributes.get(TenantIdAttribute)).toBe(tenantId);
    expect(description.typedSearchAttributes.get(TenantPlanAttribute)).toBe('pro');
    expect(await description.staticSummary()).toBe(jobSummaryText(tenantInput(tenantId)));
    expect(await description.staticSummary()).toContain(`Provision tenant ${tenantId}`);

    const seen: ProvisioningProgress[] = [];
    const settled = await jobs.waitForCompletion(first.jobId, (p) => seen.push(p), { intervalMs: 50 });
    expect(settled.status).toBe('completed');
    expect(seen.at(-1)?.status).toBe('completed');
    const percents = seen.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    const completed = await jobs.startProvisioning(tenantInput(tenantId));
    expect(completed).toMatchObject({ runId: first.runId, existing: true, executionStatus: 'COMPLETED' });

    const closed = await stack.client.workflow.getHandle(first.jobId).describe();
    expect(closed.typedSearchAttributes.get(ProvisioningStatusAttribute)).toBe('completed');
  });

  it('lists jobs through visibility by tenant and status', async () => {
    const tenantId = uniqueTenantId('lib-list');
    const { jobId } = await jobs.startProvisioning(tenantInput(tenantId, { plan: 'enterprise' }));
    await jobs.waitForCompletion(jobId, undefined, { intervalMs: 50 });
    const listed = await eventually(
      () => jobs.list({ tenantId, status: 'completed' }),
      // Visibility is eventually consistent: the `completed` attribute is upserted just before the run closes.
      (found) => found.length === 1 && found[0]?.executionStatus === 'COMPLETED',
    );
    expect(listed[0]).toMatchObject({
      jobId,
      tenantId,
      plan: 'enterprise',
      status: 'completed',
      executionStatus: 'COMPLETED',
    });
    expect(await jobs.list({ tenantId, status: 'failed' })).toEqual([]);
    expect(hasErrorCode(await rejection(jobs.list({ status: 'stuck' as never })), 'invalid_input')).toBe(true);
  });

  it('cancels a running job, refuses a second cancel and a retry, and starts the tenant afresh afterwards', async () => {
    const tenantId = uniqueTenantId('lib-cancel');
    await stack.faults.add({ provider: 'convex', operation: 'createProject', kind: 'timeout', count: 1 });
    try {
      const { jobId, runId } = await jobs.startProvisioning(tenantInput(tenantId));
      await eventually(
        () => jobs.getProgress(jobId).catch(() => undefined),
        (p) => p?.currentStep !== undefined && p.status === 'running',
      );
      expect(hasErrorCode(await rejection(jobs.retry(jobId, 'ops')), 'job_not_failed')).toBe(true);
      await jobs.cancel(jobId);
      const cancelled = await jobs.waitForCompletion(jobId, undefined, { intervalMs: 50 });
      expect(cancelled.status).toBe('cancelled');
      expect(hasErrorCode(await rejection(jobs.cancel(jobId)), 'job_not_running')).toBe(true);

      // A cancelled job may be started again (reuse policy ALLOW_DUPLICATE_FAILED_ONLY): a new run, not `existing`.
      const again = await jobs.startProvisioning(tenantInput(tenantId));
      expect(again.existing).toBe(false);
      expect(again.runId).not.toBe(runId);
      const second = await jobs.waitForCompletion(again.jobId, undefined, { intervalMs: 50 });
      expect({ status: second.status, error: second.error }).toEqual({ status: 'completed', error: null });
    } finally {
      await stack.faults.clear();
    }
  });

  it('answers job_not_found for unknown jobs everywhere', async () => {
    for (const call of [
      () => jobs.getProgress('provision-nobody-lib'),
      () => jobs.retry('provision-nobody-lib', 'ops'),
      () => jobs.cancel('provision-nobody-lib'),
      () => jobs.getProgress('not a job id'),
    ]) {
      expect(hasErrorCode(await rejection(call()), 'job_not_found')).toBe(true);
    }
  });
});
