/**
 * What the public status page may show of a job: tenant name, status, steps and their states, percent and ETA.
 * Nothing else leaves: no email, resource ID, provider message, error text or admin name (pure, so it is tested alone).
 */
import { z } from 'zod';
import { JOB_STATUSES, type JobStatus, type ProvisioningProgress } from '../../../workflows/contracts/provision-tenant';

export const PublicProgressSchema = z.object({
  tenantName: z.string(),
  status: z.enum(JOB_STATUSES),
  percent: z.number(),
  currentStep: z.string().nullable(),
  steps: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
    }),
  ),
  startedAt: z.string(),
  estimatedCompletionAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export type PublicProgress = z.infer<typeof PublicProgressSchema>;

export function toPublicProgress(progress: ProvisioningProgress, tenantName: string): PublicProgress {
  return {
    tenantName,
    status: progress.status,
    percent: progress.percent,
    currentStep: progress.currentStep,
    steps: progress.steps.map((step) => ({
      name: step.name,
      status: step.status,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
    })),
    startedAt: progress.startedAt,
    estimatedCompletionAt: progress.estimatedCompletionAt,
    finishedAt: progress.finishedAt,
  };
}

/** Statuses after which the job never changes again (a failed job still waits for a retry). */
const FINAL_STATUSES: readonly JobStatus[] = ['completed', 'cancelled', 'cleaned_up'];

export function isFinal(status: JobStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** True once the job ended more than `retentionMs` ago: its page is then gone (404). */
export function isExpired(
  progress: Pick<ProvisioningProgress, 'status' | 'finishedAt'>,
  retentionMs: number,
  now: Date,
): boolean {
  if (!isFinal(progress.status) || progress.finishedAt === null) return false;
  return now.getTime() > Date.parse(progress.finishedAt) + retentionMs;
}
