/**
 * The one-line progress bar of `provision` and the change key that decides when a non-TTY prints a new line.
 * Example: `[#####-----] 55% deployFrontend (5/9) ETA 12s`.
 */
import type { ProvisioningProgress } from '../../../workflows/contracts/provision-tenant';
import { durationBetween, formatDuration } from './duration';

export const DEFAULT_BAR_WIDTH = 10;

/** `[#####-----]`: `width` cells, a cell filled per full `100 / width` percent (clamped to 0-100). */
export function formatBar(percent: number, width = DEFAULT_BAR_WIDTH): string {
  const ratio = Math.min(100, Math.max(0, percent)) / 100;
  const filled = Math.floor(ratio * width + 1e-9);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** What the job is doing: the running step, or its status once it left `running`. */
function activity(progress: ProvisioningProgress): string {
  switch (progress.status) {
    case 'running':
      return progress.currentStep ?? 'starting';
    case 'failed': {
      const step = progress.error?.step ?? progress.currentStep;
      return step ? `failed at ${step}` : 'failed';
    }
    case 'cleaned_up':
      return 'cleaned up';
    default:
      return progress.status;
  }
}

/** The time part: `ETA 12s` while running, `in 14s` once finished, `cleanup in 23h59m` while failed. */
function timing(progress: ProvisioningProgress, now: number): string {
  if (progress.status === 'running') {
    if (!progress.estimatedCompletionAt) return 'ETA --';
    const eta = Date.parse(progress.estimatedCompletionAt);
    return Number.isNaN(eta) ? 'ETA --' : `ETA ${formatDuration(eta - now)}`;
  }
  if (progress.status === 'failed' && progress.cleanupAt) {
    const cleanupAt = Date.parse(progress.cleanupAt);
    return Number.isNaN(cleanupAt) ? '' : `cleanup in ${formatDuration(cleanupAt - now)}`;
  }
  const took = durationBetween(progress.startedAt, progress.finishedAt);
  return took === null ? '' : `in ${formatDuration(took)}`;
}

/** One progress line; `now` (epoch ms) drives the ETA countdown. Pure. */
export function formatProgressLine(progress: ProvisioningProgress, now: number, width = DEFAULT_BAR_WIDTH): string {
  const percent = Math.round(Math.min(100, Math.max(0, progress.percent)));
  const parts = [
    formatBar(percent, width),
    `${percent}%`,
    activity(progress),
    `(${progress.completedSteps}/${progress.totalSteps})`,
    timing(progress, now),
  ];
  return parts.filter((part) => part !== '').join(' ');
}

/** Identity of a progress state, ignoring time: a non-TTY prints a line only when this changes. */
export function progressChangeKey(progress: ProvisioningProgress): string {
  const running = progress.steps.filter((step) => step.status === 'running').map((step) => step.name);
  return [progress.status, progress.currentStep, progress.completedSteps, running.join(','), progress.retryCount].join(
    '|',
  );
}
