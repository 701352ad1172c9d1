/**
 * The `progress` query result as a zod schema, for the OpenAPI document. Typed against the contract's
 * `ProvisioningProgress`, so adding a contract field without describing it here fails the type check.
 */
import { z } from 'zod';
import {
  JOB_STATUSES,
  PROVISIONING_STEPS,
  STEP_STATUSES,
  type ProvisionedResources,
  type ProvisioningProgress,
} from '../../../workflows/contracts/provision-tenant';

const isoTime = z.string().describe('ISO 8601 timestamp');
const stepName = z.enum(PROVISIONING_STEPS);

const StepErrorSchema = z.object({
  type: z.string().describe('The ApplicationFailure type, e.g. ProviderUnavailable'),
  message: z.string(),
  nonRetryable: z.boolean(),
});

export const ProvisionedResourcesSchema = z
  .object({
    workosOrganizationId: z.string().optional(),
    convexProjectId: z.number().int().nonnegative().optional(),
    convexDeploymentName: z.string().optional(),
    convexDeploymentUrl: z.string().optional(),
    convexDeployKeyName: z.string().optional(),
    pagesProjectName: z.string().optional(),
    pagesSubdomain: z.string().optional(),
    pagesDeploymentId: z.string().optional(),
    siteUrl: z.string().optional(),
    loginUrl: z.string().optional(),
  })
  .describe('IDs and URLs of what the job created so far') satisfies z.ZodType<ProvisionedResources>;

export const ProvisioningProgressSchema = z
  .object({
    jobId: z.string(),
    tenantId: z.string(),
    status: z.enum(JOB_STATUSES),
    currentStep: stepName.nullable(),
    totalSteps: z.number().int().nonnegative(),
    completedSteps: z.number().int().nonnegative(),
    percent: z.number().min(0).max(100),
    steps: z.array(
      z.object({
        name: stepName,
        status: z.enum(STEP_STATUSES),
        startedAt: isoTime.nullable(),
        finishedAt: isoTime.nullable(),
        attempts: z.number().int().nonnegative(),
        error: StepErrorSchema.nullable(),
      }),
    ),
    startedAt: isoTime,
    estimatedCompletionAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    retryCount: z.number().int().nonnegative().describe('Admin retries (retry signal) taken so far'),
    maxRetries: z.number().int().nonnegative().describe('Attempts each step may use before the job fails'),
    cleanupAt: isoTime.nullable().describe('When a failed job compensates unless retried'),
    resources: ProvisionedResourcesSchema,
    error: StepErrorSchema.extend({ step: stepName.nullable() }).nullable(),
    leaks: z.array(z.object({ step: stepName, error: z.string() })),
    retries: z.array(z.object({ requestedBy: z.string(), at: isoTime })),
  })
  .describe('What the progress query returns') satisfies z.ZodType<ProvisioningProgress>;
