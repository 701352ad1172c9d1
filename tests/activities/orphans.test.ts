import type { ProviderResource } from '../../activities/contract';
import { FailureType } from '../../workflows/contracts/provision-tenant';
import { rejectionOf, startActivityEnv, uniqueTenantId, type ActivityEnv } from '../helpers/activity-env';
import { provisionResources } from '../helpers/provision-resources';

let env: ActivityEnv;

beforeAll(async () => {
  env = await startActivityEnv();
});
afterAll(() => env.close());
afterEach(async () => {
  await env.control.faults.clear();
  env.jobs.statuses.clear();
  env.jobs.completedJobs = 0;
});

let scanSeq = 0;
const nextScanId = () => `scan-${process.pid}-${++scanSeq}`;

async function liveResourcesOf(tenantId: string) {
  const inventory = await env.control.inventory();
  return {
    convex: inventory.convex.projects.filter((p) => p.name === `tenant-${tenantId}`).length,
    workos: inventory.workos.organizations.filter((o) => o.external_id === `tenant-${tenantId}`).length,
    cloudflare: inventory.cloudflare.projects.filter((p) => p.name === `tenant-${tenantId}`).length,
  };
}

describe('scanOrphans', () => {
  it('reports the resources of a tenant with no live instance, and saves the report', async () => {
    const leaked = uniqueTenantId();
    const owned = uniqueTenantId();
    await provisionResources(env, leaked);
    await provisionResources(env, owned);
    await env.run(env.activities.reserveQuota, {
      tenantId: owned,
      jobId: `provision-${owned}`,
      name: 'Owned',
      plan: 'free',
      ownerEmail: 'owner@example.com',
      ownerName: 'Owner',
      requestedBy: 'orphan-test',
    });

    const scanId = nextScanId();
    const result = await env.run(env.activities.scanOrphans, { scanId, minAgeMs: 0 });
    expect(result.scanId).toBe(scanId);
    expect(result.scanned).toBeGreaterThanOrEqual(6);
    const leakedOrphans = result.orphans.filter((o) => o.tenantId === leaked);
    expect(leakedOrphans.map((o) => o.provider).sort()).toEqual(['cloudflare', 'convex', 'workos']);
    for (const orphan of leakedOrphans) {
      expect(orphan).toMatchObject({ likelyJobId: `provision-${leaked}`, name: `tenant-${leaked}` });
      expect(orphan.ageMs).toBeGreaterThanOrEqual(0);
    }
    expect(result.orphans.filter((o) => o.tenantId === owned)).toEqual([]);

    const saved = await env.store.listOrphans({ scanId });
    expect(saved.filter((o) => o.tenantId === leaked)).toHaveLength(3);
    expect(saved.every((o) => o.status === 'reported')).toBe(true);
  });

  it('ignores resources younger than minAgeMs', async () => {
    const young = uniqueTenantId();
    await env.run(env.activities.createConvexProject, { tenantId: young, jobId: `provision-${young}` });
    const result = await env.run(env.activities.scanOrphans, { scanId: nextScanId(), minAgeMs: 3_600_000 });
    expect(result.orphans.filter((o) => o.tenantId === young)).toEqual([]);
  });

  it("does not report a Pages project named like a tenant's but owned by someone else", async () => {
    const tenantId = uniqueTenantId();
    await env.deps.providers.cloudflare.pages.projects.create({
      account_id: env.config.providers.cloudflare.accountId,
      name: `tenant-${tenantId}`,
      production_branch: 'main',
      deployment_configs: { production: { env_vars: { BRAIN_TENANT_ID: { type: 'plain_text', value: 'other' } } } },
    });
    const result = await env.run(env.activities.scanOrphans, { scanId: nextScanId(), minAgeMs: 0 });
    expect(result.orphans.filter((o) => o.tenantId === tenantId)).toEqual([]);
  });

  it('a provider outage fails the scan with the classified type', async () => {
    await env.control.faults.add({ provider: 'workos', operation: 'listOrganizations', kind: 'error_500', count: 1 });
    const failure = await rejectionOf(env.run(env.activities.scanOrphans, { scanId: nextScanId(), minAgeMs: 0 }));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
  });
});

describe('scanOrphans against a store that contradicts Temporal', () => {
  it('refuses with StoreInconsistent when the store has no instances but jobs have completed', async () => {
    const { openSqliteStore } = await import('../../store/sqlite');
    const emptyStore = openSqliteStore(':memory:');
    try {
      const deps = { ...env.deps, store: emptyStore, jobs: { ...env.jobs, countCompletedJobs: async () => 3 } };
      const { scanOrphans } = await import('../../activities/orphans');
      const failure = await rejectionOf(
        env.run((input: { scanId: string }) => scanOrphans(deps, input), { scanId: nextScanId() }),
      );
      expect(failure.type).toBe(FailureType.StoreInconsistent);
      expect(failure.message).toContain('3 completed provisioning jobs');
      expect(await emptyStore.listOrphans()).toEqual([]);
    } finally {
      await emptyStore.close();
    }
  });
});

describe('cleanupOrphan (one orphan of the cleanupOrphans workflow)', () => {
  async function scanFor(tenantId: string): Promise<{ scanId: string; orphans: ProviderResource[] }> {
    const scanId = nextScanId();
    await env.run(env.activities.scanOrphans, { scanId, minAgeMs: 0 });
    const listed = await env.run(env.activities.listOrphansForCleanup, { scanId });
    expect(listed.scanId).toBe(scanId);
    return { scanId, orphans: listed.orphans.filter((o) => o.tenantId === tenantId) };
  }

  const cleanup = (scanId: string, orphan: ProviderResource, overrides: { dryRun?: boolean; minAgeMs?: number } = {}) =>
    env.run(env.activities.cleanupOrphan, {
      scanId,
      orphan,
      dryRun: overrides.dryRun ?? false,
      requestedBy: 'admin@example.com',
      minAgeMs: overrides.minAgeMs ?? 0,
    });

  it('lists the cleanup limits from configuration', async () => {
    const listed = await env.run(env.activities.listOrphansForCleanup, {});
    expect(listed.maxDeletions).toBe(env.config.orphans.cleanupMaxDeletions);
    expect(listed.minAgeMs).toBe(env.config.orphans.minAgeMs);
  });

  it('dry run reports without deleting; a real run deletes and marks each orphan cleaned with who asked', async () => {
    const tenantId = uniqueTenantId();
    await provisionResources(env, tenantId);
    const { scanId, orphans } = await scanFor(tenantId);
    expect(orphans).toHaveLength(3);

    for (const orphan of orphans) {
      expect((await cleanup(scanId, orphan, { dryRun: true })).outcome).toBe('would_delete');
    }
    expect(await liveResourcesOf(tenantId)).toEqual({ convex: 1, workos: 1, cloudflare: 1 });
    expect((await env.store.listOrphans({ scanId })).every((o) => o.status === 'reported')).toBe(true);

    for (const orphan of orphans) expect((await cleanup(scanId, orphan)).outcome).toBe('deleted');
    expect(await liveResourcesOf(tenantId)).toEqual({ convex: 0, workos: 0, cloudflare: 0 });
    // The audit trail has the scan and each deletion, with who asked.
    expect((await env.store.listAudit({ target: scanId, action: 'orphans.scan' })).map((e) => e.source)).toEqual([
      'schedule',
    ]);
    const deletions = await env.store.listAudit({ action: 'orphans.delete' });
    for (const orphan of orphans) {
      expect(deletions.filter((e) => e.target === `${orphan.provider}:${orphan.id}`)).toEqual([
        expect.objectContaining({ actor: 'admin@example.com', source: 'worker', outcome: 'ok' }),
      ]);
    }
    const marked = (await env.store.listOrphans({ scanId })).filter((o) => o.tenantId === tenantId);
    expect(marked.map((o) => [o.status, o.cleanedBy])).toEqual([
      ['cleaned', 'admin@example.com'],
      ['cleaned', 'admin@example.com'],
      ['cleaned', 'admin@example.com'],
    ]);
    // A second cleanup of the same scan finds them handled.
    expect((await cleanup(scanId, orphans[0]!)).outcome).toBe('skipped_done');
  });

  it('skips a tenant that became live after the scan', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createWorkosOrganization, { tenantId, jobId: `provision-${tenantId}`, name: 'Late' });
    const { scanId, orphans } = await scanFor(tenantId);
    await env.run(env.activities.reserveQuota, {
      tenantId,
      jobId: `provision-${tenantId}`,
      name: 'Late',
      plan: 'free',
      ownerEmail: 'late@example.com',
      ownerName: 'Late',
      requestedBy: 'orphan-test-late',
    });
    expect((await cleanup(scanId, orphans[0]!)).outcome).toBe('skipped_live');
    expect((await liveResourcesOf(tenantId)).workos).toBe(1);
  });

  it.each(['RUNNING', 'COMPLETED'])('skips a tenant whose job is %s in Temporal', async (status) => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
    const { scanId, orphans } = await scanFor(tenantId);
    env.jobs.statuses.set(`provision-${tenantId}`, status);
    expect((await cleanup(scanId, orphans[0]!)).outcome).toBe('skipped_job');
    expect((await liveResourcesOf(tenantId)).convex).toBe(1);
  });

  it('deletes the leftovers of a job that ended failed or cancelled', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
    const { scanId, orphans } = await scanFor(tenantId);
    env.jobs.statuses.set(`provision-${tenantId}`, 'CANCELLED');
    expect((await cleanup(scanId, orphans[0]!)).outcome).toBe('deleted');
  });

  it('skips a resource younger than the minimum age', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
    const { scanId, orphans } = await scanFor(tenantId);
    expect((await cleanup(scanId, orphans[0]!, { minAgeMs: 3_600_000 })).outcome).toBe('skipped_young');
    expect((await liveResourcesOf(tenantId)).convex).toBe(1);
  });

  it('a transient delete failure fails the attempt (retried by Temporal) and leaves the orphan reported', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
    const { scanId, orphans } = await scanFor(tenantId);
    await env.control.faults.add({ provider: 'convex', operation: 'deleteProject', kind: 'error_500' });
    const failure = await rejectionOf(cleanup(scanId, orphans[0]!));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    const [marked] = (await env.store.listOrphans({ scanId })).filter((o) => o.tenantId === tenantId);
    expect(marked?.status).toBe('reported');
  });

  it('a permanent delete failure is marked cleanup_failed with the error and who asked', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
    const { scanId, orphans } = await scanFor(tenantId);
    await env.control.faults.add({ provider: 'convex', operation: 'deleteProject', kind: 'unauthorized_401' });
    const result = await cleanup(scanId, orphans[0]!);
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatch(/401/);
    const [marked] = (await env.store.listOrphans({ scanId })).filter((o) => o.tenantId === tenantId);
    expect(marked).toMatchObject({ status: 'cleanup_failed', cleanedBy: 'admin@example.com' });
  });
});
