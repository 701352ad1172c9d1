/**
 * orphanScan on the real dev server: a resource planted directly in the sandbox is reported, the resources of a
 * job that is still running (waiting in `failed`) are not.
 */
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { orphanScan, provisionTenant } from '../../workflows';
import { provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import { tenantInput, uniqueTenantId, waitForStatus } from './workflow-test-utils';

describe('orphanScan', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { PROVISION_CLEANUP_GRACE: '10m' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('reports a planted resource and ignores the resources of running jobs', async () => {
    const ghost = uniqueTenantId('ghost');
    const planted = await fetch(
      `${stack.sandbox.url}/v1/teams/${stack.config.providers.convex.teamId}/create_project`,
      {
        method: 'POST',
        headers: { authorization: 'Bearer planted-by-test', 'content-type': 'application/json' },
        body: JSON.stringify({ projectName: `tenant-${ghost}`, deploymentType: 'prod' }),
      },
    );
    expect(planted.status).toBe(200);

    await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' });
    const running = uniqueTenantId('running');
    const job = await stack.client.workflow.start(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(running),
      args: [tenantInput(running)],
    });
    await waitForStatus(job, 'failed');
    await stack.faults.clear();

    const report = await stack.client.workflow.execute(orphanScan, {
      taskQueue: stack.taskQueue,
      workflowId: `orphan-scan-test-${ghost}`,
      args: [{ minAgeMs: 0 }],
    });
    const orphanTenants = report.orphans.map((o) => o.tenantId);
    expect(orphanTenants).toContain(ghost);
    expect(orphanTenants).not.toContain(running);
    const ghostOrphan = report.orphans.find((o) => o.tenantId === ghost);
    expect(ghostOrphan).toMatchObject({
      provider: 'convex',
      name: `tenant-${ghost}`,
      likelyJobId: `provision-${ghost}`,
    });

    const stored = await stack.store.listOrphans({ scanId: report.scanId });
    expect(stored.map((o) => o.tenantId)).toContain(ghost);
    await job.cancel();
  });
});
