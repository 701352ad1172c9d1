import { cleanupOrphans } from '../../activities/orphans';
import { FailureType } from '../../workflows/contracts/provision-tenant';
import { rejectionOf, startActivityEnv, uniqueTenantId, type ActivityEnv } from '../helpers/activity-env';
import { provisionResources } from '../helpers/provision-resources';

let env: ActivityEnv;

beforeAll(async () => {
  env = await startActivityEnv();
});
afterAll(() => env.close());
afterEach(() => env.control.faults.clear());

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

describe('cleanupOrphans', () => {
  it('dry run reports without deleting; a real run deletes and marks each orphan cleaned', async () => {
    const tenantId = uniqueTenantId();
    await provisionResources(env, tenantId);
    const scanId = nextScanId();
    await env.run(env.activities.scanOrphans, { scanId, minAgeMs: 0 });

    const dry = await cleanupOrphans(env.deps, { scanId, dryRun: true, requestedBy: 'admin@example.com' });
    const mine = (r: { tenantId: string }) => r.tenantId === tenantId;
    expect(dry.results.filter(mine).map((r) => r.outcome)).toEqual(['would_delete', 'would_delete', 'would_delete']);
    expect(await liveResourcesOf(tenantId)).toEqual({ convex: 1, workos: 1, cloudflare: 1 });

    const real = await cleanupOrphans(env.deps, { scanId, dryRun: false, requestedBy: 'admin@example.com' });
    expect(real.results.filter(mine).map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(await liveResourcesOf(tenantId)).toEqual({ convex: 0, workos: 0, cloudflare: 0 });
    const marked = (await env.store.listOrphans({ scanId })).filter(mine);
    expect(marked.map((o) => [o.status, o.cleanedBy])).toEqual([
      ['cleaned', 'admin@example.com'],
      ['cleaned', 'admin@example.com'],
      ['cleaned', 'admin@example.com'],
    ]);

    const again = await cleanupOrphans(env.deps, { scanId, dryRun: false, requestedBy: 'admin@example.com' });
    expect(again.results.filter(mine)).toEqual([]);
  });

  it('skips a tenant that became live after the scan', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createWorkosOrganization, { tenantId, jobId: `provision-${tenantId}`, name: 'Late' });
    const scanId = nextScanId();
    await env.run(env.activities.scanOrphans, { scanId, minAgeMs: 0 });
    await env.run(env.activities.reserveQuota, {
      tenantId,
      jobId: `provision-${tenantId}`,
      name: 'Late',
      plan: 'free',
      ownerEmail: 'late@example.com',
      ownerName: 'Late',
      requestedBy: 'orphan-test-late',
    });
    const result = await cleanupOrphans(env.deps, { scanId, dryRun: false, requestedBy: 'admin' });
    expect(result.results.filter((r) => r.tenantId === tenantId).map((r) => r.outcome)).toEqual(['skipped_live']);
    expect((await liveResourcesOf(tenantId)).workos).toBe(1);
  });

  it('a failed delete is marked cleanup_failed with the error', async () => {
    const tenantId = uniqueTenantId();
    await env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
    const scanId = nextScanId();
    await env.run(env.activities.scanOrphans, { scanId, minAgeMs: 0 });
    await env.control.faults.add({ provider: 'convex', operation: 'deleteProject', kind: 'error_500' });
    const result = await cleanupOrphans(env.deps, { scanId, dryRun: false, requestedBy: 'admin' });
    const [outcome] = result.results.filter((r) => r.tenantId === tenantId);
    expect(outcome?.outcome).toBe('failed');
    expect(outcome?.error).toContain('convex deleteProject failed (500)');
    const [marked] = (await env.store.listOrphans({ scanId })).filter((o) => o.tenantId === tenantId);
    expect(marked).toMatchObject({ status: 'cleanup_failed', cleanedBy: 'admin' });
  });
});
