/**
 * Records the provisionTenant histories that the replay test replays, one per path through the workflow:
 * completed, failed → retry → completed, failed → cleaned_up, cancelled. Run it after an intended workflow change
 * (and review the diff of tests/replay/histories/):
 *
 *   TEMPORAL_ADDRESS=localhost:7233 npx tsx tests/replay/record-histories.ts
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { provisionTenant } from '../../workflows';
import { provisionWorkflowId, retrySignal } from '../../workflows/contracts/provision-tenant';
import { tenantInput, uniqueTenantId, waitForProgress, waitForStatus } from '../workflows/workflow-test-utils';

const OUT_DIR = join(__dirname, 'histories');

type Scenario = (stack: TestStack, handle: WorkflowHandle<typeof provisionTenant>) => Promise<void>;

const scenarios: Record<string, Scenario> = {
  completed: async (_stack, handle) => {
    await handle.result();
  },
  'failed-retry-completed': async (stack, handle) => {
    await waitForStatus(handle, 'failed');
    await stack.faults.clear();
    await handle.signal(retrySignal, { requestedBy: 'recorder@example.com' });
    await handle.result();
  },
  'failed-cleaned-up': async (_stack, handle) => {
    await waitForStatus(handle, 'failed');
    await handle.result().catch(() => undefined);
  },
  cancelled: async (_stack, handle) => {
    await waitForProgress(handle, (p) => p.completedSteps >= 3);
    await handle.cancel();
    await handle.result().catch(() => undefined);
  },
};

async function main(): Promise<void> {
  const stack = await startTestStack({ env: { PROVISION_CLEANUP_GRACE: '2s' } });
  try {
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (name.startsWith('failed')) {
        await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' });
      }
      const tenantId = uniqueTenantId(`replay-${name}`.slice(0, 30));
      const handle = await stack.client.workflow.start(provisionTenant, {
        taskQueue: stack.taskQueue,
        workflowId: provisionWorkflowId(tenantId),
        args: [tenantInput(tenantId)],
      });
      await scenario(stack, handle);
      await stack.faults.clear();
      const history = await handle.fetchHistory();
      const json = JSON.stringify(JSON.parse(historyToJSON(history)), null, 1);
      await writeFile(join(OUT_DIR, `provision-tenant-${name}.json`), json + '\n');
      console.log(`recorded ${name}: ${history.events?.length ?? 0} events`);
    }
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
