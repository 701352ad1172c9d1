/**
 * `health` through the CLI, each verb its own process: the summary with filters, one instance's stored health and
 * history, a live check through Temporal, and exit code 2 for a bad filter.
 */
import { healthSweep, provisionTenant } from '../../workflows';
import { provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { tenantInput, uniqueTenantId } from '../workflows/workflow-test-utils';
import { runCliProcess } from './cli-process';

jest.setTimeout(300_000);

let stack: TestStack;
let tenantId: string;

beforeAll(async () => {
  stack = await startTestStack();
  tenantId = uniqueTenantId('cli-health');
  await stack.runWorkerUntil(async () => {
    await stack.client.workflow.execute(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    await stack.setSiteState(`tenant-${tenantId}`, 'down');
    await stack.client.workflow.execute(healthSweep, {
      taskQueue: stack.taskQueue,
      workflowId: `health-sweep-cli-${tenantId}`,
      args: [{}],
    });
  });
});

afterAll(async () => {
  await stack?.close();
});

it('prints the summary, filtered by status, with the counts', async () => {
  const down = await runCliProcess(stack, ['health', '--summary', '--status', 'down']);
  expect(down.code).toBe(0);
  expect(down.stdout).toContain('active 0  degraded 0  down 1');
  expect(down.stdout).toMatch(new RegExp(`^${tenantId}\\s+pro\\s+down\\s+`, 'm'));

  const active = await runCliProcess(stack, ['health', '--summary', '--status', 'active', '--json']);
  expect(JSON.parse(active.stdout)).toMatchObject({ counts: { down: 1 }, total: 0, instances: [] });
});

it("prints one instance's stored health with its history, then checks it live once healed", async () => {
  const stored = await runCliProcess(stack, ['health', tenantId]);
  expect(stored.code).toBe(0);
  expect(stored.stdout).toContain(`${tenantId} (Tenant ${tenantId}, pro): down`);
  expect(stored.stdout).toMatch(/^site\s+failed\s+/m);
  expect(stored.stdout).toMatch(/active -> down/);

  await stack.setSiteState(`tenant-${tenantId}`, 'up');
  const live = await stack.runWorkerUntil(() => runCliProcess(stack, ['health', tenantId, '--live', '--json']));
  expect(live.code).toBe(0);
  expect(JSON.parse(live.stdout)).toMatchObject({ tenantId, status: 'active', source: 'live', unhealthySince: null });
});

it('exits 2 for a bad filter, naming it', async () => {
  const bad = await runCliProcess(stack, ['health', '--summary', '--status', 'sideways']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('status');
});
