/**
 * Smoke test of the time-skipping test server that ./temporal-dev.sh test prepares (TEMPORAL_TEST_SERVER): a
 * workflow sleeping 24 hours completes, and workflow time really moved by a day.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { uniqueWorkflowSuffix } from '../helpers/temporal';
import { createTimeSkippingEnv } from '../helpers/time-skipping';
import { sleepOneDay } from './fixtures/timer-workflow';

const DAY_MS = 24 * 3_600_000;

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a 24-hour timer', async () => {
    const taskQueue = `time-skipping-${uniqueWorkflowSuffix()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./fixtures/timer-workflow'),
    });
    const result = await worker.runUntil(
      env.client.workflow.execute(sleepOneDay, { taskQueue, workflowId: `sleep-${uniqueWorkflowSuffix()}` }),
    );
    expect(result.sleptMs).toBeGreaterThanOrEqual(DAY_MS);
  });
});
