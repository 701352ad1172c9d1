/** `list`: provisioning jobs from Temporal visibility as a table. Pure. */
import type { JobSummary } from '../../lib/job-query';
import { formatTable } from './table';

export function formatJobList(jobs: readonly JobSummary[]): string {
  if (jobs.length === 0) return 'No provisioning jobs match.';
  const rows = jobs.map((job) => [
    job.jobId,
    job.tenantId,
    job.plan,
    job.status ?? job.executionStatus.toLowerCase(),
    job.step,
    job.startedAt,
    job.closedAt,
  ]);
  return formatTable(['JOB ID', 'TENANT', 'PLAN', 'STATUS', 'STEP', 'STARTED', 'CLOSED'], rows);
}
