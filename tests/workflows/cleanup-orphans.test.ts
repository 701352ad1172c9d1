/**
 * cleanupOrphans on the real dev server: a dry run deletes nothing; a real run deletes at most its cap and records
 * who asked; a tenant whose job starts between the scan and the cleanup keeps its resources; deleting needs a
 * requester.
 */
import { plantConvexProject as plant } from '../helpers/plant';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { cleanupOrphans, orphanScan, provisionTenant } from '../../workflows';
import { FailureType, provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import { cleanupOrphansWorkflowId } from '../../workflows/contracts/admin-workflows';
import { failureOf, resourcesOf, tenantInput, uniqueTenantId } from './workflow-test-utils';

describe('cleanupOrphans', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { ORPHAN_CLEANUP_MAX_DELETIONS: '5', ORPHAN_MIN_AGE: '0ms' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const plantConvexProject = (tenantId: string) => plant(stack.sandbox.url, stack.config.providers.convex, tenantId);

  const convexProjectsOf = async (tenantId: string) =>
    resourcesOf(await stack.inventory(), tenantId).convexProjects.length;

  const cleanup = (input: Parameters<typeof cleanupOrphans>[0]) =>
    stack.client.workflow.execute(cleanupOrphans, {
      taskQueue: stack.taskQueue,
      workflowId: cleanupOrphansWorkflowId(uniqueTenantId('cleanup')),
      args: [input],
    });

  it('dry run by default, the cap holds, and a tenant provisioned after the scan keeps its resources', async () => {
    const orphans = [1, 2, 3, 4].map((n) => uniqueTenantId(`orphan${n}`));
    for (const tenantId of orphans) await plantConvexProject(tenantId);
    // Left over by an earlier attempt, then provisioned for real between the scan and the cleanup.
    const late = uniqueTenantId('late');
    await plantConvexProject(late);

    const scan = await stack.client.workflow.execute(orphanScan, {
      taskQueue: stack.taskQueue,
      workflowId: `orphan-scan-test-${late}`,
      args: [{ minAgeMs: 0 }],
    });
    expect(scan.orphans.map((o) => o.tenantId).sort()).toEqual([...orphans, late].sort());

    const job = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(late),
      args: [tenantInput(late)],
    });
    await job.result(); // it adopted the planted project by its deterministic name

    const dry = await cleanup({});
    expect(dry.dryRun).toBe(true);
    expect(dry.deleted).toBe(0);
    const outcomeOf = (result: typeof dry, tenantId: string) =>
      result.results.find((r) => r.tenantId === tenantId)?.outcome;
    for (const tenantId of orphans) expect(outcomeOf(dry, tenantId)).toBe('would_delete');
    expect(outcomeOf(dry, late)).toBe('skipped_live');
    for (const tenantId of [...orphans, late]) expect(await convexProjectsOf(tenantId)).toBe(1);

    const real = await cleanup({ dryRun: false, requestedBy: 'admin@brain.example', maxDeletions: 2 });
    expect(real).toMatchObject({ dryRun: false, requestedBy: 'admin@brain.example', maxDeletions: 2, deleted: 2 });
    const outcomes = orphans.map((tenantId) => outcomeOf(real, tenantId));
    expect(outcomes.filter((o) => o === 'deleted')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'skipped_cap')).toHaveLength(2);
    // Re-checked and skipped, or not reached once the cap was hit: never deleted either way.
    expect(['skipped_live', 'skipped_cap']).toContain(outcomeOf(real, late));
    const remaining = await Promise.all(orphans.map(convexProjectsOf));
    expect(remaining.sort()).toEqual([0, 0, 1, 1]);
    expect(await convexProjectsOf(late)).toBe(1);
    const cleaned = (await stack.store.listOrphans({ scanId: scan.scanId })).filter((o) => o.status === 'cleaned');
    expect(cleaned.map((o) => o.cleanedBy)).toEqual(['admin@brain.example', 'admin@brain.example']);

    // A cap above the configured one is capped by it; the next run deletes the rest.
    const rest = await cleanup({ dryRun: false, requestedBy: 'admin@brain.example', maxDeletions: 50 });
    expect(rest.maxDeletions).toBe(5);
    expect(rest.deleted).toBe(2);
    expect(await Promise.all(orphans.map(convexProjectsOf))).toEqual([0, 0, 0, 0]);
    expect(outcomeOf(rest, late)).toBe('skipped_live');
    expect(await convexProjectsOf(late)).toBe(1);
  });

  it('refuses to delete without a requester (InvalidInput naming requestedBy)', async () => {
    const handle = await stack.client.workflow.start(cleanupOrphans, {
      taskQueue: stack.taskQueue,
      workflowId: cleanupOrphansWorkflowId(uniqueTenantId('anon')),
      args: [{ dryRun: false }],
    });
    const failure = await failureOf(handle);
    expect(failure.cause?.type).toBe(FailureType.InvalidInput);
    expect(failure.cause?.message).toContain('requestedBy');
  });
});
