/**
 * Records the provisionTenant histories that the replay test replays, one per path through the workflow:
 * completed, failed → retry → completed, failed → cleaned_up, cancelled (during a heartbeating step, and during an
 * attempt that does not heartbeat and fails after the cancel request), a cancel after activation (completes), a run for
 * a tenant an earlier run provisioned (completes at once), and ready/welcome emails failing after activation
 * (completes with `notifications: failed` and an operator alert). Run it after an intended workflow change
 * (and review the diff of tests/replay/histories/); name scenarios (or `health-sweep`) to record only those:
 *
 *   TEMPORAL_ADDRESS=localhost:7233 npx tsx tests/replay/record-histories.ts [scenario ...]
 *
 * Files whose name ends in `-before-patch` are not recorded here: they were recorded with the workflow code before
 * a `patched()` change and stay frozen, so the replay test proves histories of running jobs still replay.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { FaultSpec } from '../helpers/sandbox-control';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { healthSweep, provisionTenant } from '../../workflows';
import { provisionWorkflowId, retrySignal } from '../../workflows/contracts/provision-tenant';
import { tenantInput, uniqueTenantId, waitForProgress, waitForStatus } from '../workflows/workflow-test-utils';

const OUT_DIR = join(__dirname, 'histories');

interface Scenario {
  /** Sandbox faults in place before the job starts (cleared after each scenario). */
  faults?: FaultSpec[];
  /** Runs before the recorded job starts, e.g. an earlier run of the same tenant. */
  prepare?(stack: TestStack, tenantId: string): Promise<void>;
  /** Drives the job to its end; `faultIds` are the IDs of `faults`, in order. */
  run(
    stack: TestStack,
    handle: WorkflowHandleWithFirstExecutionRunId<typeof provisionTenant>,
    faultIds: string[],
  ): Promise<void>;
}

const failingPagesProject: FaultSpec = { provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' };

const scenarios: Record<string, Scenario> = {
  completed: {
    run: async (_stack, handle) => {
      await handle.result();
    },
  },
  'failed-retry-completed': {
    faults: [failingPagesProject],
    run: async (stack, handle) => {
      await waitForStatus(handle, 'failed');
      await stack.faults.clear();
      await handle.signal(retrySignal, { requestedBy: 'recorder@example.com' });
      await handle.result();
    },
  },
  'failed-cleaned-up': {
    faults: [failingPagesProject],
    run: async (_stack, handle) => {
      await waitForStatus(handle, 'failed');
      await handle.result().catch(() => undefined);
    },
  },
  cancelled: {
    run: async (_stack, handle) => {
      await waitForProgress(handle, (p) => p.completedSteps >= 3);
      await handle.cancel();
      await handle.result().catch(() => undefined);
    },
  },
  'cancelled-during-attempt': {
    faults: [{ provider: 'convex', operation: 'createProject', kind: 'timeout', count: 1 }],
    run: async (stack, handle, [timeoutFault = '']) => {
      while ((await stack.faults.remaining(timeoutFault)) !== 0) await new Promise((r) => setTimeout(r, 50));
      await handle.cancel();
      await handle.result().catch(() => undefined);
    },
  },
  'cancelled-after-activation': {
    run: async (stack, handle) => {
      const { id } = await stack.faults.add({
        provider: 'sendgrid',
        operation: 'send',
        kind: 'timeout',
        count: 1,
        match: `${handle.workflowId}:${handle.firstExecutionRunId}:ready`,
      });
      while ((await stack.faults.remaining(id)) !== 0) await new Promise((r) => setTimeout(r, 50));
      await handle.cancel();
      await handle.result();
    },
  },
  'already-provisioned': {
    prepare: async (stack, tenantId) => {
      await stack.client.workflow.execute(provisionTenant, {
        taskQueue: stack.taskQueue,
        workflowId: provisionWorkflowId(tenantId),
        args: [tenantInput(tenantId)],
      });
    },
    run: async (_stack, handle) => {
      await handle.result();
    },
  },
  'notifications-failed': {
    run: async (stack, handle) => {
      for (const kind of ['ready', 'welcome']) {
        await stack.faults.add({
          provider: 'sendgrid',
          operation: 'send',
          kind: 'unauthorized_401',
          match: `${handle.workflowId}:${handle.firstExecutionRunId}:${kind}`,
        });
      }
      await handle.result();
    },
  },
};

/** `health-sweep`: a sweep of two tenants in batches of one (three batch activities, two at a time). */
async function recordHealthSweep(stack: TestStack): Promise<void> {
  for (const name of ['a', 'b']) {
    const tenantId = uniqueTenantId(`replay-health-${name}`);
    await stack.client.workflow.execute(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
  }
  const handle = await stack.client.workflow.start(healthSweep, {
    taskQueue: stack.taskQueue,
    workflowId: `replay-health-sweep-${uniqueTenantId('run')}`,
    args: [{}],
  });
  await handle.result();
  const history = await handle.fetchHistory();
  const json = JSON.stringify(JSON.parse(historyToJSON(history)), null, 1);
  await writeFile(join(OUT_DIR, 'health-sweep-completed.json'), json + '\n');
  console.log(`recorded health-sweep: ${history.events?.length ?? 0} events`);
}

async function main(): Promise<void> {
  const stack = await startTestStack({
    env: { PROVISION_CLEANUP_GRACE: '2s', HEALTH_SWEEP_BATCH_SIZE: '1', HEALTH_SWEEP_PARALLEL_BATCHES: '2' },
  });
  try {
    const only = process.argv.slice(2);
    if (only.length === 0 || only.includes('health-sweep')) await recordHealthSweep(stack);
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const faultIds: string[] = [];
      for (const fault of scenario.faults ?? []) faultIds.push((await stack.faults.add(fault)).id);
      const tenantId = uniqueTenantId(`replay-${name}`.slice(0, 30));
      await scenario.prepare?.(stack, tenantId);
      const handle = await stack.client.workflow.start(provisionTenant, {
        taskQueue: stack.taskQueue,
        workflowId: provisionWorkflowId(tenantId),
        args: [tenantInput(tenantId)],
        // A scenario may record a second run of a tenant (the default reuse policy, as the Temporal UI and CLI use).
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      await scenario.run(stack, handle, faultIds);
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
