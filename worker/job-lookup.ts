/**
 * The activities' view of provisioning jobs in Temporal ({@link JobLookup}), over a client of the worker's own
 * connection: the latest run's status of a job, and how many jobs have completed on the task queue (visibility).
 */
import type { Client } from '@temporalio/client';
import type { JobLookup } from '../activities/deps';
import { PROVISION_WORKFLOW_TYPE } from '../workflows/contracts/provision-tenant';

function hasName(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name;
}

export function createTemporalJobLookup(client: Client, taskQueue: string): JobLookup {
  return {
    async jobStatus(jobId) {
      try {
        return (await client.workflow.getHandle(jobId).describe()).status.name;
      } catch (err) {
        if (hasName(err, 'WorkflowNotFoundError')) return undefined;
        throw err;
      }
    },
    async countCompletedJobs() {
      const query = `WorkflowType = "${PROVISION_WORKFLOW_TYPE}" AND ExecutionStatus = "Completed" AND TaskQueue = "${taskQueue}"`;
      return (await client.workflow.count(query)).count;
    },
  };
}
