/**
 * Response schemas of the HTTP API, for the OpenAPI document (handlers build these shapes). Records read from the
 * store are described by the store's own schemas (store/record-schemas), progress by the contract's
 * (workflows/contracts/progress-schema), so each shape is defined once.
 */
import { z } from 'zod';
import { RESENDABLE_EMAIL_KINDS, type ResendEmailsResult } from '../../../workflows/contracts/admin-workflows';
import { JobRecordSchema, OrphanReportRecordSchema } from '../../../store/record-schemas';
import { StripProgressSchemas } from '../../../workflows/contracts/progress-schema';

/** The `progress` query result; unknown keys are dropped (the document shows the contract as it is). */
export const ProvisioningProgressSchema = StripProgressSchemas.ProvisioningProgressSchema;

export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. invalid_input, job_not_found'),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Every invalid field (invalid_input only)'),
  }),
});

export const StartProvisioningResponseSchema = z.object({
  jobId: z.string(),
  runId: z.string(),
  status: z.enum(['running', 'completed']).describe('State of the workflow run: completed only for an existing job'),
  statusUrl: z.string().describe('The public status page: unguessable, revocable, expires after the job ends'),
  progressUrl: z.string().describe('The progress route of the API (needs a credential)'),
  existing: z.boolean().describe('True when the tenant already had a running or completed job'),
});

export const JobActionResponseSchema = z.object({
  jobId: z.string(),
  status: z.enum(['running', 'cancelling']),
  statusUrl: z.string(),
  requestedBy: z.string().optional(),
});

export const ResendEmailsResponseSchema = z.object({
  jobId: z.string(),
  tenantId: z.string(),
  sent: z.array(z.enum(RESENDABLE_EMAIL_KINDS)).describe('Emails sent now'),
  skipped: z.array(z.enum(RESENDABLE_EMAIL_KINDS)).describe('Emails not sent: the owner already got them'),
}) satisfies z.ZodType<ResendEmailsResult>;

/** A job's store projection without its progress payload (`GET /provisioning/:jobId` serves that). */
export const JobRecordSummarySchema = JobRecordSchema.omit({ progress: true });

export const JobListResponseSchema = z.object({ jobs: z.array(JobRecordSummarySchema) });

export const OrphanListResponseSchema = z.object({ orphans: z.array(OrphanReportRecordSchema) });

export const HealthzResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ temporal: z.enum(['ok', 'unreachable']), store: z.enum(['ok', 'error']) }),
});
