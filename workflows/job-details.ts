/**
 * The job as the Temporal Web UI shows it under "Current Details" (markdown, served by the SDK's built-in workflow
 * metadata query, so it costs no history event): status, step, ETA, each step's attempts and timing, and for a failed
 * job its error, when it will be cleaned up and how to retry it. Pure: built from a `progress` snapshot.
 */
import type { ProvisioningProgress, StepProgress } from './contracts/provision-tenant';

export function renderJobDetails(progress: ProvisioningProgress): string {
  return [
    headline(progress),
    ...outcomeLines(progress),
    ...failureLines(progress),
    '',
    ...stepTable(progress.steps),
    ...leakLines(progress),
  ]
    .join('\n')
    .trim();
}

function headline(p: ProvisioningProgress): string {
  const parts = [`**${p.status}**`, `${p.completedSteps}/${p.totalSteps} steps (${p.percent}%)`];
  if (p.currentStep && p.status !== 'completed') parts.push(`step \`${p.currentStep}\``);
  if (p.status === 'running' && p.estimatedCompletionAt) parts.push(`ETA ${p.estimatedCompletionAt}`);
  if (p.finishedAt) parts.push(`finished ${p.finishedAt}`);
  if (p.retryCount > 0) parts.push(`${p.retryCount} admin ${p.retryCount === 1 ? 'retry' : 'retries'}`);
  return parts.join(' · ');
}

function outcomeLines(p: ProvisioningProgress): string[] {
  if (p.alreadyProvisioned) {
    return ['', 'Already provisioned by an earlier run: this run changed nothing and sent no email.'];
  }
  if (p.notifications === 'failed') {
    return [
      '',
      'The tenant is live, but the ready and welcome emails could not be sent (operator alert raised). ' +
        `Resend them: \`npm run cli -- resend-emails ${p.jobId}\` or \`POST /provisioning/${p.jobId}/resend-emails\`.`,
    ];
  }
  return [];
}

function failureLines(p: ProvisioningProgress): string[] {
  if (p.status !== 'failed' || !p.error) return [];
  return [
    '',
    `Failed at \`${p.error.step ?? 'unknown step'}\`: ${p.error.type}: ${p.error.message}`,
    '',
    `Cleaned up at ${p.cleanupAt ?? 'the end of the grace period'} unless retried. After fixing the cause, retry: ` +
      `**Send Signal** \`retry\` with \`{"requestedBy": "you@example.com"}\`, or \`scripts/retry-job.sh ${p.jobId}\`.`,
  ];
}

function stepTable(steps: StepProgress[]): string[] {
  return [
    '| step | status | attempts | started | finished |',
    '| --- | --- | --- | --- | --- |',
    ...steps.map(
      (s) => `| ${s.name} | ${s.status} | ${s.attempts || ''} | ${s.startedAt ?? ''} | ${s.finishedAt ?? ''} |`,
    ),
  ];
}

function leakLines(p: ProvisioningProgress): string[] {
  if (p.leaks.length === 0) return [];
  return ['', `**Leaked** (the orphan scan reports them): ${p.leaks.map((l) => `\`${l.step}\``).join(', ')}`];
}
