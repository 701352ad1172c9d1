/** Response schemas of the HTTP API, for the OpenAPI document (handlers build these shapes). */
import { z } from 'zod';
import { JOB_STATUSES, TENANT_PLANS } from '../../../workflows/contracts/provision-tenant';

const isoTime = z.string().describe('ISO 8601 timestamp');

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
  statusUrl: z.string(),
  existing: z.boolean().describe('True when the tenant already had a running or completed job'),
});

export const JobActionResponseSchema = z.object({
  jobId: z.string(),
  status: z.enum(['running', 'cancelling']),
  statusUrl: z.string(),
  requestedBy: z.string().optional(),
});

export const JobRecordSummarySchema = z.object({
  jobId: z.string(),
  tenantId: z.string(),
  plan: z.enum(TENANT_PLANS),
  ownerEmail: z.string(),
  requestedBy: z.string(),
  status: z.enum(JOB_STATUSES),
  currentStep: z.string().nullable(),
  totalSteps: z.number().int().nonnegative(),
  completedSteps: z.number().int().nonnegative(),
  retryCount: z.number().int().nonnegative(),
  maxRetries: z.number().int().nonnegative(),
  failedStep: z.string().nullable(),
  errorType: z.string().nullable(),
  errorMessage: z.string().nullable(),
  lastActionBy: z.string().nullable(),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  updatedAt: isoTime,
});

export const JobListResponseSchema = z.object({ jobs: z.array(JobRecordSummarySchema) });

export const OrphanReportSchema = z.object({
  scanId: z.string(),
  provider: z.enum(['convex', 'workos', 'cloudflare']),
  id: z.string(),
  name: z.string(),
  tenantId: z.string(),
  createdAt: isoTime,
  ageMs: z.number(),
  likelyJobId: z.string(),
  detectedAt: isoTime,
  status: z.enum(['reported', 'cleaned', 'cleanup_failed']),
  cleanedAt: isoTime.nullable(),
  cleanedBy: z.string().nullable(),
  cleanupError: z.string().nullable(),
});

export const OrphanListResponseSchema = z.object({ orphans: z.array(OrphanReportSchema) });

export const HealthzResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ temporal: z.enum(['ok', 'unreachable']), store: z.enum(['ok', 'error']) }),
});
