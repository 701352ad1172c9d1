/**
 * provisionTenant against a real Temporal dev server, a real worker, the provider sandbox and a SQLite store.
 */
import type { WorkflowFailedError } from '@temporalio/client';
import { ConvexHttpClient } from 'convex/browser';
import { makeFunctionReference } from 'convex/server';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { createTenantProvisioningClient } from '../../client/lib';
import { provisionTenant } from '../../workflows';
import {
  PROVISIONING_STEPS,
  progressQuery,
  provisionWorkflowId,
  type ProvisioningProgress,
} from '../../workflows/contracts/provision-tenant';
import { ProvisioningStatusAttribute, TenantIdAttribute } from '../../workflows/contracts/search-attributes';
import { emailsTo, resourcesOf, tenantInput, uniqueTenantId, waitForProgress } from './workflow-test-utils';

describe('provisionTenant', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
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

  it('provisions every resource, validates it, activates the instance and emails the owner', async () => {
    const tenantId = uniqueTenantId('happy');
    const handle = await start(tenantId);
    const result = await handle.result();

    expect(result.status).toBe('completed');
    expect(result.jobId).toBe(`provision-${tenantId}`);
    expect(result.resources).toMatchObject({
      workosOrganizationId: expect.stringMatching(/^org_/),
      convexDeploymentName: expect.any(String),
      pagesProjectName: `tenant-${tenantId}`,
      pagesSubdomain: `tenant-${tenantId}.pages.dev`,
      convexDeployKeyName: `provisioner-${tenantId}`,
    });

    const progress = await handle.query(progressQuery);
    expect(progress.status).toBe('completed');
    expect(progress.percent).toBe(100);
    expect(progress.steps.map((s) => s.name)).toEqual([...PROVISIONING_STEPS]);
    for (const step of progress.steps) {
      expect(step.status).toBe('completed');
      expect(step.attempts).toBe(1);
      expect(Date.parse(step.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(step.startedAt ?? ''));
    }

    const inventory = await stack.inventory();
    const mine = resourcesOf(inventory, tenantId);
    expect(mine.convexProjects).toHaveLength(1);
    expect(mine.workosOrganizations).toHaveLength(1);
    expect(mine.pagesProjects).toHaveLength(1);
    const subjects = emailsTo(inventory, tenantId).map((e) => e.subject);
    expect(subjects).toHaveLength(3);

    // The tenant's backend (pushed by `convex deploy`) and its site (uploaded as wrangler does) both answer.
    const backend = new ConvexHttpClient(result.resources.convexDeploymentUrl ?? '', { logger: false });
    await expect(backend.query(makeFunctionReference<'query'>('health:ping'), {})).resolves.toEqual({
      ok: true,
      configured: true,
      tenantId,
    });
    const site = await fetch(result.resources.siteUrl ?? '');
    expect(site.status).toBe(200);
    expect(await site.text()).toContain(`<meta name="convex-url" content="${result.resources.convexDeploymentUrl}" />`);

    const instance = await stack.store.getInstance(tenantId);
    expect(instance?.status).toBe('active');
    expect(instance?.resources.siteUrl).toBe(result.resources.siteUrl);
    const job = await stack.store.getJob(`provision-${tenantId}`);
    expect(job?.status).toBe('completed');

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(TenantIdAttribute)).toBe(tenantId);
    expect(description.typedSearchAttributes.get(ProvisioningStatusAttribute)).toBe('completed');
  });

  it('runs independent steps in parallel (their step timestamps overlap)', async () => {
    const tenantId = uniqueTenantId('parallel');
    const handle = await start(tenantId);
    await handle.result();
    const { steps } = await handle.query(progressQuery);
    const byName = Object.fromEntries(steps.map((s) => [s.name, s]));
    // Strict: each started before the other finished. Run one after the other, the second would start at (or after)
    // the first's finish, and the check fails.
    const overlap = (a: string, b: string) => {
      const [x, y] = [byName[a]!, byName[b]!];
      return (
        Date.parse(x.startedAt!) < Date.parse(y.finishedAt!) && Date.parse(y.startedAt!) < Date.parse(x.finishedAt!)
      );
    };
    expect(overlap('createWorkosOrganization', 'createConvexProject')).toBe(true);
    expect(overlap('deployConvexBackend', 'createPagesProject')).toBe(true);
    // Dependent steps do not overlap: the frontend deploy starts after its project exists.
    expect(Date.parse(byName.deployFrontend!.startedAt!)).toBeGreaterThanOrEqual(
      Date.parse(byName.createPagesProject!.finishedAt!),
    );
  });

  it('answers the progress query at every stage while the job runs', async () => {
    await stack.setLatency({ profile: 'realistic', factor: 0.05 });
    try {
      const tenantId = uniqueTenantId('stages');
      const handle = await start(tenantId);
      const seen: ProvisioningProgress[] = [];
      await waitForProgress(
        handle,
        (p) => {
          seen.push(p);
          return p.status === 'completed';
        },
        120_000,
      );
      const steps = new Set(seen.map((p) => p.currentStep).filter(Boolean));
      expect(steps.has('deployFrontend')).toBe(true);
      expect(steps.size).toBeGreaterThanOrEqual(3);
      const percents = seen.map((p) => p.percent);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(seen.some((p) => p.status === 'running' && p.estimatedCompletionAt !== null)).toBe(true);
    } finally {
      await stack.setLatency({ profile: 'zero' });
    }
  });

  it('returns the existing job for a second request for the same tenant', async () => {
    const lib = createTenantProvisioningClient({ client: stack.client, taskQueue: stack.taskQueue });
    const tenantId = uniqueTenantId('dup');
    const first = await lib.startProvisioning(tenantInput(tenantId));
    const second = await lib.startProvisioning(tenantInput(tenantId));
    expect(second.jobId).toBe(first.jobId);
    expect(second.runId).toBe(first.runId);
    expect(second.existing).toBe(true);
    await stack.client.workflow.getHandle(first.jobId).result();
    const third = await lib.startProvisioning(tenantInput(tenantId));
    expect(third).toMatchObject({ jobId: first.jobId, runId: first.runId, existing: true });
    const inventory = await stack.inventory();
    expect(resourcesOf(inventory, tenantId).convexProjects).toHaveLength(1);
  });

  it('fails at once, naming the field, when started directly with bad input', async () => {
    const tenantId = uniqueTenantId('badinput');
    const handle = await stack.client.workflow.start('provisionTenant', {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [{ ...tenantInput(tenantId), plan: 'platinum', owner: { email: 'not-an-email', name: 'x' } }],
    });
    const failure = await handle.result().catch((err: unknown) => err);
    expect((failure as Error).name).toBe('WorkflowFailedError');
    const cause = (failure as WorkflowFailedError).cause as { type?: string; message: string };
    expect(cause.type).toBe('InvalidInput');
    expect(cause.message).toContain('plan');
    expect(cause.message).toContain('owner.email');
    const inventory = await stack.inventory();
    expect(resourcesOf(inventory, tenantId).convexProjects).toHaveLength(0);
  });
});
