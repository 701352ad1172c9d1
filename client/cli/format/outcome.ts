/** The closing lines of `provision` once the job settles, and the exit code that goes with it. Pure. */
import type { ProvisioningProgress } from '../../../workflows/contracts/provision-tenant';
import { durationBetween, formatDuration } from './duration';
import { formatError, formatResources } from './status-report';

/** 0 when the tenant is ready; 1 when the job failed, was cancelled or was cleaned up. */
export function outcomeExitCode(progress: ProvisioningProgress): 0 | 1 {
  return progress.status === 'completed' ? 0 : 1;
}

/** A short human summary of a settled job, with the next command to run when there is one. */
export function formatOutcome(progress: ProvisioningProgress, cli = 'npm run cli --'): string {
  const took = durationBetween(progress.startedAt, progress.finishedAt);
  switch (progress.status) {
    case 'completed': {
      const lines = [`Tenant ${progress.tenantId} is ready${took === null ? '' : ` (${formatDuration(took)})`}.`];
      const resources = formatResources(progress.resources);
      return resources ? [...lines, resources].join('\n') : lines.join('\n');
    }
    case 'failed': {
      const step = progress.error?.step ?? progress.currentStep ?? 'unknown step';
      return [
        `Job ${progress.jobId} failed at ${step}: ${formatError(progress.error) ?? 'no error recorded'}`,
        progress.cleanupAt ? `Its resources are cleaned up at ${progress.cleanupAt} unless it is retried.` : null,
        `Retry with: ${cli} retry ${progress.jobId}`,
      ]
        .filter((line): line is string => line !== null)
        .join('\n');
    }
    case 'cancelled':
      return `Job ${progress.jobId} was cancelled; its resources were compensated.`;
    case 'cleaned_up':
      return `Job ${progress.jobId} failed and its resources were cleaned up: ${formatError(progress.error) ?? ''}`.trimEnd();
    default:
      return `Job ${progress.jobId} is ${progress.status}.`;
  }
}
