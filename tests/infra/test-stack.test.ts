/**
 * The test harness itself (tests/helpers/test-stack.ts): stacks are isolated from each other, a restarted worker
 * picks a running job up where it was, and close() leaves nothing behind.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { provisionTenant } from '../../workflows';
import { progressQuery, provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import { startTestStack } from '../helpers/test-stack';
import type { TestStack } from '../helpers/test-stack';
import { uniqueWorkflowSuffix } from '../helpers/temporal';

function input(tenantId: string) {
  return {
    tenantId,
    name: `Harness ${tenantId}`,
    plan: 'free' as const,
    owner: { email: `owner+${tenantId}@example.com`, name: 'Harness Owner' },
    requestedBy: 'infra-tests',
  };
}

describe('startTestStack', () => {
  let first: TestStack;
  let second: TestStack;

  beforeAll(async () => {
    [first, second] = await Promise.all([startTestStack(), startTestStack()]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('gives each stack its own task queue, sandbox and store', async () => {
    expect(first.taskQueue).not.toBe(second.taskQueue);
    expect(first.sandbox.url).not.toBe(second.sandbox.url);
    expect(first.config.store.sqlitePath).not.toBe(second.config.store.sqlitePath);
    expect(first.config.temporal.taskQueue).toBe(first.taskQueue);
    expect(first.config.providers.convex.baseUrl).toBe(`${first.sandbox.url}/v1`);
  });

  it('runs a job on its own worker and sandbox only', async () => {
    const tenantId = `harness-${uniqueWorkflowSuffix()}`;
    const result = await first.runWorkerUntil(() =>
      first.client.workflow.execute(provisionTenant, {
        taskQueue: first.taskQueue,
        workflowId: provisionWorkflowId(tenantId),
        args: [input(tenantId)],
      }),
    );
    expect(result.status).toBe('completed');
    const names = (inventory: Awaited<ReturnType<TestStack['inventory']>>) =>
      inventory.cloudflare.projects.map((p) => p.name);
    expect(names(await first.inventory())).toContain(`tenant-${tenantId}`);
    expect(names(await second.inventory())).not.toContain(`tenant-${tenantId}`);
  });

  it('lets a job started before restartWorker() finish on the new worker', async () => {
    const tenantId = `restart-${uniqueWorkflowSuffix()}`;
    await second.setLatency({ profile: 'realistic', factor: 0.05 });
    try {
      const handle = await second.client.workflow.start(provisionTenant, {
        taskQueue: second.taskQueue,
        workflowId: provisionWorkflowId(tenantId),
        args: [input(tenantId)],
      });
      for (
        let i = 0;
        i < 100 && (await handle.query(progressQuery).catch(() => undefined))?.completedSteps === 0;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await handle.query(progressQuery)).status).toBe('running');
      await second.restartWorker();
      const result = await second.runWorkerUntil(() => handle.result());
      expect(result.status).toBe('completed');
    } finally {
      await second.setLatency({ profile: 'zero' });
    }
  });

  it('close() stops the sandbox and removes the temp directory', async () => {
    const stack = await startTestStack();
    const tempDir = dirname(stack.config.store.sqlitePath);
    expect(existsSync(tempDir)).toBe(true);
    await stack.close();
    expect(existsSync(tempDir)).toBe(false);
    await expect(fetch(`${stack.sandbox.url}/_sandbox/inventory`)).rejects.toThrow();
  });
});
