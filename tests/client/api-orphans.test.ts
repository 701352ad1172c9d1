/**
 * Orphan routes through the HTTP API: a stray provider resource is found by the orphanScan workflow, listed by
 * `GET /orphans`, left alone by the default dry run of `POST /orphans/cleanup`, and deleted by a real cleanup.
 */
import { orphanScan } from '../../workflows/orphan-scan';
import { createProviderClients } from '../../worker/providers';
import { silentLogger } from '../../common/logging';
import { uniqueTenantId } from '../workflows/workflow-test-utils';
import { FIXTURE_PRINCIPALS, startApiFixture, type ApiFixture } from './api-fixture';

let api: ApiFixture;

beforeAll(async () => {
  // The cleanup runs in the worker: its minimum orphan age must let a just-planted resource through.
  api = await startApiFixture({ env: { ORPHAN_MIN_AGE: '0ms' } });
});

afterAll(async () => {
  await api?.close();
});

interface OrphanJson {
  scanId: string;
  provider: string;
  id: string;
  tenantId: string;
  status: string;
  cleanedBy: string | null;
}
interface CleanupJson {
  scanId: string | null;
  dryRun: boolean;
  results: { provider: string; id: string; tenantId: string; outcome: string }[];
}

it('reports a stray organization, dry-runs by default and deletes it on request', async () => {
  const tenantId = uniqueTenantId('stray');
  const providers = createProviderClients(api.stack.config, silentLogger);
  const stray = await providers.workos.organizations.createOrganization({
    name: 'Stray',
    externalId: `tenant-${tenantId}`,
  });

  const report = await api.stack.client.workflow.execute(orphanScan, {
    workflowId: `orphan-scan-test-${tenantId}`,
    taskQueue: api.stack.taskQueue,
    args: [{ minAgeMs: 0 }],
  });
  expect(report.orphans.map((o) => o.id)).toContain(stray.id);

  const listed = await api.call('GET', '/orphans', { admin: true });
  expect(listed.status).toBe(200);
  const orphans = (listed.json as { orphans: OrphanJson[] }).orphans;
  expect(orphans.find((o) => o.id === stray.id)).toMatchObject({
    scanId: report.scanId,
    provider: 'workos',
    tenantId,
    status: 'reported',
  });

  const dryRun = await api.call('POST', '/orphans/cleanup', { admin: true });
  expect(dryRun.status).toBe(200);
  const planned = dryRun.json as CleanupJson;
  expect(planned.dryRun).toBe(true);
  expect(planned.results.find((r) => r.id === stray.id)?.outcome).toBe('would_delete');
  expect(organizationIds(await api.stack.inventory())).toContain(stray.id);

  const invalid = await api.call('POST', '/orphans/cleanup', { admin: true, body: { dryRun: 'no' } });
  expect(invalid.status).toBe(400);
  expect((invalid.json as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual([
    'dryRun',
  ]);

  const cleanup = await api.call('POST', '/orphans/cleanup', {
    admin: true,
    body: { dryRun: false, scanId: report.scanId, requestedBy: 'ops' },
  });
  expect(cleanup.status).toBe(200);
  expect((cleanup.json as CleanupJson).results.find((r) => r.id === stray.id)?.outcome).toBe('deleted');
  expect(organizationIds(await api.stack.inventory())).not.toContain(stray.id);

  const cleaned = await api.call('GET', `/orphans?scanId=${encodeURIComponent(report.scanId)}&status=cleaned`, {
    admin: true,
  });
  expect((cleaned.json as { orphans: OrphanJson[] }).orphans.find((o) => o.id === stray.id)).toMatchObject({
    status: 'cleaned',
    cleanedBy: `${FIXTURE_PRINCIPALS.admin} (on behalf of ops)`,
  });
});

function organizationIds(inventory: { workos: { organizations: { id: string }[] } }): string[] {
  return inventory.workos.organizations.map((o) => o.id);
}
