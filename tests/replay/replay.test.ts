/**
 * Replays the recorded provisionTenant and healthSweep histories (tests/replay/histories/, recorded by record-histories.ts) with
 * the current workflow code: a non-deterministic change fails here. No server is needed. The `-before-patch` history
 * was recorded by the code before the `cancellation-wins-over-step-failure` patch and is never re-recorded: it stands
 * for the jobs still running on that code, which must keep replaying.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { ensureTestRuntime } from '../helpers/temporal';

const DIR = join(__dirname, 'histories');
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

interface RecordedHistory {
  events: { workflowExecutionStartedEventAttributes?: { workflowId?: string } }[];
}

/** The recorded run's own workflow ID: provisionTenant refuses to run under any other than `provision-<tenantId>`. */
function workflowIdOf(history: RecordedHistory, file: string): string {
  const workflowId = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowId;
  if (!workflowId) throw new Error(`${file}: the started event names no workflow ID`);
  return workflowId;
}

describe('replay of recorded workflow histories', () => {
  let workflowBundle: WorkflowBundle;

  beforeAll(async () => {
    ensureTestRuntime();
    // Bundled once for every replay (bundling is the slow part).
    workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: quietLogger,
    });
  });

  it('has a history for every path through the workflow', () => {
    expect(files.sort()).toEqual([
      'health-sweep-completed.json',
      'provision-tenant-already-provisioned.json',
      'provision-tenant-cancelled-after-activation.json',
      'provision-tenant-cancelled-during-attempt-before-patch.json',
      'provision-tenant-cancelled-during-attempt.json',
      'provision-tenant-cancelled.json',
      'provision-tenant-completed.json',
      'provision-tenant-failed-cleaned-up.json',
      'provision-tenant-failed-retry-completed.json',
      'provision-tenant-notifications-failed.json',
    ]);
  });

  it.each(files)('%s replays without a determinism error', async (file) => {
    const history = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as RecordedHistory;
    await expect(
      Worker.runReplayHistory({ workflowBundle }, history, workflowIdOf(history, file)),
    ).resolves.toBeUndefined();
  });

  it('fails on a history the current code could not have produced (the check is live)', async () => {
    const history = JSON.parse(readFileSync(join(DIR, 'provision-tenant-completed.json'), 'utf8')) as {
      events: ({
        activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
      } & RecordedHistory['events'][number])[];
    };
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType);
    if (!scheduled?.activityTaskScheduledEventAttributes?.activityType) throw new Error('no activity in the history');
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    const workflowId = workflowIdOf(history, 'provision-tenant-completed.json');
    const failure = await Worker.runReplayHistory({ workflowBundle }, history, workflowId).catch(
      (err: unknown) => err as Error,
    );
    expect((failure as Error).name).toBe('DeterminismViolationError');
  });
});
