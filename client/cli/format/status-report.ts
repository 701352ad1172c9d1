/** `status <jobId>`: the job's progress as label/value lines and a table of its steps. Pure. */
import type { ProvisionedResources, ProvisioningProgress } from '../../../workflows/contracts/provision-tenant';
import { durationBetween, formatDuration } from './duration';
import { formatProgressLine } from './progress-line';
import { formatFields, formatTable } from './table';

const RESOURCE_LABELS: Record<keyof ProvisionedResources, string> = {
  workosOrganizationId: 'WorkOS organization',
  convexProjectId: 'Convex project',
  convexDeploymentName: 'Convex deployment',
  convexDeploymentUrl: 'Convex URL',
  convexDeployKeyName: 'Convex deploy key',
  pagesProjectName: 'Pages project',
  pagesSubdomain: 'Pages subdomain',
  pagesDeploymentId: 'Pages deployment',
  siteUrl: 'Site',
  loginUrl: 'Login',
};

/** `ProviderUnavailable: message` of a step or job error. */
export function formatError(error: { type: string; message: string } | null): string | null {
  return error ? `${error.type}: ${error.message}` : null;
}

/** The resources created so far, one `label  value` line each (empty string when none). */
export function formatResources(resources: ProvisionedResources): string {
  const entries = (Object.keys(RESOURCE_LABELS) as (keyof ProvisionedResources)[])
    .filter((key) => resources[key] !== undefined)
    .map((key): [string, string] => [RESOURCE_LABELS[key], String(resources[key])]);
  return formatFields(entries);
}

/** The steps table: name, status, attempts, duration (running ones count up to `now`), error. */
export function formatStepsTable(progress: ProvisioningProgress, now: number): string {
  const rows = progress.steps.map((step) => {
    const end = step.finishedAt ?? (step.status === 'running' ? new Date(now).toISOString() : null);
    const took = durationBetween(step.startedAt, end);
    return [
      step.name,
      step.status,
      step.attempts,
      took === null ? null : formatDuration(took),
      formatError(step.error),
    ];
  });
  return formatTable(['STEP', 'STATUS', 'ATTEMPTS', 'DURATION', 'ERROR'], rows);
}

/** The whole `status` report. */
export function formatStatusReport(progress: ProvisioningProgress, now: number): string {
  const error = progress.error
    ? `${progress.error.step ? `${progress.error.step}: ` : ''}${formatError(progress.error)}${
        progress.error.nonRetryable ? ' (not retryable)' : ''
      }`
    : null;
  const retries = progress.retries ?? [];
  const lastRetry = retries[retries.length - 1];
  const header = formatFields([
    ['Job', progress.jobId],
    ['Tenant', progress.tenantId],
    ['Status', progress.status],
    ['Progress', formatProgressLine(progress, now)],
    ['Started', progress.startedAt],
    ['Finished', progress.finishedAt],
    ['ETA', progress.status === 'running' ? progress.estimatedCompletionAt : null],
    ['Cleanup at', progress.cleanupAt],
    [
      'Retries',
      `${progress.retryCount}${lastRetry ? ` (last by ${lastRetry.requestedBy} at ${lastRetry.at})` : ''}; ` +
        `each step up to ${progress.maxRetries} attempts`,
    ],
    ['Error', error],
    ['Leaks', progress.leaks.length > 0 ? progress.leaks.map((l) => `${l.step}: ${l.error}`).join('; ') : null],
  ]);
  const resources = formatResources(progress.resources);
  const sections = [header, '', formatStepsTable(progress, now)];
  if (resources) sections.push('', 'Resources', resources);
  return sections.join('\n');
}
