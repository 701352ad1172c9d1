/**
 * The zod schemas of the `progress` query result ({@link ProvisioningProgress} and its parts), defined once and built
 * in two object modes:
 * - {@link StripProgressSchemas} (`z.object`): unknown keys are dropped; the HTTP API documents its responses with it
 *   (the OpenAPI document shows the contract as it is).
 * - {@link LooseProgressSchemas} (`z.looseObject`): unknown keys are kept at every depth; the store and the activity
 *   inputs validate with it, because contract types only ever gain fields and what a newer worker wrote must still
 *   be accepted and kept whole.
 * Clients, the store and activities import this module; workflow code never does (no zod in the workflow bundle,
 * see ./provision-tenant).
 */
import { z } from 'zod';
import {
  JOB_STATUSES,
  NOTIFICATION_STATUSES,
  PROVISIONING_STEPS,
  STEP_STATUSES,
  type ProvisionedResources,
  type ProvisioningProgress,
  type StepError,
  type StepProgress,
} from './provision-tenant';

/** `z.object`, `z.strictObject` or `z.looseObject`: how every object of the schemas treats unknown keys. */
type ObjectFactory<Config extends z.core.$ZodObjectConfig> = <Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
) => z.ZodObject<z.core.util.Writeable<Shape>, Config>;

function buildProgressSchemas<Config extends z.core.$ZodObjectConfig>(object: ObjectFactory<Config>) {
  const isoTime = z.string().describe('ISO 8601 timestamp');
  const stepName = z.enum(PROVISIONING_STEPS);
  const count = z.number().int().nonnegative();

  const StepErrorSchema = object({
    type: z.string().describe('The ApplicationFailure type, e.g. ProviderUnavailable'),
    message: z.string(),
    nonRetryable: z.boolean(),
  });

  const StepProgressSchema = object({
    name: stepName,
    status: z.enum(STEP_STATUSES),
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    attempts: count,
    error: StepErrorSchema.nullable(),
  });

  const ProvisionedResourcesSchema = object({
    workosOrganizationId: z.string().optional(),
    convexProjectId: count.optional(),
    convexDeploymentName: z.string().optional(),
    convexDeploymentUrl: z.string().optional(),
    convexDeployKeyName: z.string().optional(),
    pagesProjectName: z.string().optional(),
    pagesSubdomain: z.string().optional(),
    pagesDeploymentId: z.string().optional(),
    siteUrl: z.string().optional(),
    loginUrl: z.string().optional(),
  }).describe('IDs and URLs of what the job created so far');

  const ProvisioningProgressSchema = object({
    jobId: z.string().min(1),
    tenantId: z.string().min(1),
    status: z.enum(JOB_STATUSES),
    currentStep: stepName.nullable(),
    totalSteps: count,
    completedSteps: count,
    percent: z.number().min(0).max(100),
    steps: z.array(StepProgressSchema),
    startedAt: isoTime,
    estimatedCompletionAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    retryCount: count.describe('Admin retries (retry signal) taken so far'),
    maxRetries: count.describe('Attempts each step may use before the job fails'),
    cleanupAt: isoTime.nullable().describe('When a failed job compensates unless retried'),
    resources: ProvisionedResourcesSchema,
    error: StepErrorSchema.extend({ step: stepName.nullable() }).nullable(),
    leaks: z.array(object({ step: stepName, error: z.string() })),
    retries: z.array(object({ requestedBy: z.string(), at: isoTime })),
    alreadyProvisioned: z
      .boolean()
      .optional()
      .describe('True when an earlier run had provisioned the tenant: this run changed nothing'),
    failures: z
      .array(object({ step: stepName.nullable(), type: z.string(), at: isoTime }))
      .optional()
      .describe('Every time the job went failed, oldest first (kept across retries)'),
    notifications: z
      .enum(NOTIFICATION_STATUSES)
      .optional()
      .describe('The ready and welcome emails after the commit point (failed: the owner was not told)'),
  }).describe('What the progress query returns');

  return { StepErrorSchema, StepProgressSchema, ProvisionedResourcesSchema, ProvisioningProgressSchema };
}

/** Both variants must produce the contract types, so a contract field left out here fails the type check. */
interface ContractSchemas {
  StepErrorSchema: z.ZodType<StepError>;
  StepProgressSchema: z.ZodType<StepProgress>;
  ProvisionedResourcesSchema: z.ZodType<ProvisionedResources>;
  ProvisioningProgressSchema: z.ZodType<ProvisioningProgress>;
}

/** Unknown keys dropped: the HTTP API's response schemas (and so the OpenAPI document). */
export const StripProgressSchemas = buildProgressSchemas(z.object) satisfies ContractSchemas;

/** Unknown keys kept at every depth: the store's records and the activity inputs (forward compatible). */
export const LooseProgressSchemas = buildProgressSchemas(z.looseObject) satisfies ContractSchemas;
