/**
 * Repeats of finished jobs during a chaos run: what an admin can do from the Temporal UI ("start workflow like this
 * one") or `temporal workflow start` with the default reuse policy, and a cancel of the repeat right after. Each
 * repeat must complete at once as already provisioned, or end cancelled, and change nothing.
 */
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { provisionTenant } from '../../workflows';
import { chaosInput, type ChaosJob } from './chaos-jobs';
import type { RepeatReport } from './chaos-report';

export async function repeatFinishedJobs(
  client: Client,
  taskQueue: string,
  jobs: readonly ChaosJob[],
): Promise<RepeatReport> {
  const report: RepeatReport = { started: 0, alreadyProvisioned: 0, cancelled: 0, other: [] };
  await Promise.all(
    jobs.map(async (job, index) => {
      try {
        const handle = await client.workflow.start(provisionTenant, {
          taskQueue,
          workflowId: job.jobId,
          args: [chaosInput(job.tenantId)],
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        });
        report.started += 1;
        if (index % 2 === 1) await handle.cancel().catch(() => undefined);
        const result = await handle.result();
        if (result.alreadyProvisioned) report.alreadyProvisioned += 1;
        else report.other.push(`${job.jobId}: completed without alreadyProvisioned`);
      } catch (err) {
        const cause = (err as { cause?: { name?: string } }).cause;
        if (cause?.name === 'CancelledFailure') report.cancelled += 1;
        else report.other.push(`${job.jobId}: ${String(err)}`);
      }
    }),
  );
  return report;
}
