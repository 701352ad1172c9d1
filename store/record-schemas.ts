/**
 * Zod schemas of everything handed to a Brain store: the input boundary shared by every adapter. Records are checked
 * before they are written; timestamps are normalised to canonical UTC ISO (`2024-01-02T03:04:05.000Z`) so that
 * string order is time order in every backend. JSON payloads (resources, progress) keep unknown keys, because
 * contract types only ever gain fields. The HTTP API documents its job and orphan responses with these same schemas.
 */
import { z } from 'zod';
import { JOB_STATUSES, TENANT_PLANS } from '../workflows/contracts/provision-tenant';
import { LooseProgressSchemas } from '../workflows/contracts/progress-schema';
import type { EmailKind, OrphanRecord, Provider } from '../common/domain';
import { StoreError, StoreErrorType } from './errors';
import type { InstanceRecord, InstanceStatus, JobRecord, OrphanReportRecord } from './port';

export const INSTANCE_STATUSES = [
  'provisioning',
  'active',
  'degraded',
  'down',
  'removed',
] as const satisfies readonly InstanceStatus[];
export const EMAIL_KINDS = ['started', 'ready', 'welcome', 'failed'] as const satisfies readonly EmailKind[];
export const EMAIL_STATES = ['sending', 'sent'] as const;
export const ORPHAN_PROVIDERS = ['convex', 'workos', 'cloudflare'] as const satisfies readonly Provider[];
export const ORPHAN_STATUSES = [
  'reported',
  'cleaned',
  'cleanup_failed',
] as const satisfies readonly OrphanReportRecord['status'][];

/**
 * Any ISO-8601 date-time with `Z` or an offset, stored as canonical UTC. `overwrite` (not `transform`) keeps it a
 * string schema that JSON Schema can show (the OpenAPI document); `abort` skips the rewrite of an invalid value.
 */
export const isoTimestamp = z.iso
  .datetime({ offset: true, abort: true })
  .overwrite((text) => new Date(text).toISOString())
  .describe('ISO 8601 timestamp');
const nullableTimestamp = isoTimestamp.nullable();

/** A range bound: a date-time, or a bare date (`2024-01-31`) meaning the start (`from`) or end (`to`) of that UTC day. */
export function rangeBound(end: 'from' | 'to') {
  const suffix = end === 'from' ? 'T00:00:00.000Z' : 'T23:59:59.999Z';
  return z.union([isoTimestamp, z.iso.date().transform((day) => `${day}${suffix}`)]);
}

const text = z.string().min(1);
const limit = z.number().int().positive();

/** The contract's schemas of these JSON payloads, keeping unknown keys at every depth. */
export const { ProvisionedResourcesSchema, ProvisioningProgressSchema } = LooseProgressSchemas;

const instanceFields = {
  name: text,
  plan: z.enum(TENANT_PLANS),
  ownerEmail: text,
  ownerName: z.string(),
  requestedBy: text,
  region: z.string().nullable(),
  status: z.enum(INSTANCE_STATUSES),
  resources: ProvisionedResourcesSchema,
  jobId: text,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  activatedAt: nullableTimestamp,
  lastHealthCheckAt: nullableTimestamp,
  unhealthySince: nullableTimestamp,
  reservedBy: text.nullable().optional(),
};

export const InstanceRecordSchema = z.object({ tenantId: text, ...instanceFields }) satisfies z.ZodType<InstanceRecord>;
export const InstancePatchSchema = z.object(instanceFields).partial().strict();

export const JobRecordSchema = z.object({
  jobId: text,
  tenantId: text,
  plan: z.enum(TENANT_PLANS),
  ownerEmail: text,
  requestedBy: text,
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
  startedAt: isoTimestamp,
  finishedAt: nullableTimestamp,
  updatedAt: isoTimestamp,
  progress: ProvisioningProgressSchema,
}) satisfies z.ZodType<JobRecord>;

const statusFilter = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.array(z.enum(values))]).optional();

export const InstanceFilterSchema = z
  .object({
    status: statusFilter(INSTANCE_STATUSES),
    plan: z.enum(TENANT_PLANS).optional(),
    requestedBy: z.string().optional(),
    ownerEmail: z.string().optional(),
    createdFrom: rangeBound('from').optional(),
    createdTo: rangeBound('to').optional(),
    limit: limit.optional(),
  })
  .strict();

export const JobFilterSchema = z
  .object({
    status: statusFilter(JOB_STATUSES),
    tenantId: z.string().optional(),
    startedFrom: rangeBound('from').optional(),
    startedTo: rangeBound('to').optional(),
    limit: limit.optional(),
  })
  .strict();

export const EmailReservationSchema = z.object({
  idempotencyKey: text,
  jobId: text,
  tenantId: text,
  kind: z.enum(EMAIL_KINDS),
  toEmail: text,
  createdAt: isoTimestamp,
});

export const EmailSentSchema = z.object({
  idempotencyKey: text,
  providerMessageId: z.string().nullable(),
  sentAt: isoTimestamp,
});

export const EmailFilterSchema = z.object({ jobId: z.string().optional(), tenantId: z.string().optional() }).strict();

export const LeakRecordSchema = z.object({
  jobId: text,
  tenantId: text,
  step: text,
  resources: ProvisionedResourcesSchema,
  error: z.string(),
  recordedAt: isoTimestamp,
});

export const LeakFilterSchema = z.object({ tenantId: z.string().optional() }).strict();

export const OrphanRecordSchema = z.object({
  provider: z.enum(ORPHAN_PROVIDERS),
  id: text,
  name: z.string(),
  tenantId: z.string(),
  createdAt: isoTimestamp,
  ageMs: z.number().nonnegative(),
  likelyJobId: z.string(),
  detectedAt: isoTimestamp,
}) satisfies z.ZodType<OrphanRecord>;

export const OrphanReportSchema = z.object({ scanId: text, orphans: z.array(OrphanRecordSchema) });

/** One orphan of a scan with its cleanup state, as `listOrphans` returns it. */
export const OrphanReportRecordSchema = z.object({
  scanId: text,
  ...OrphanRecordSchema.shape,
  status: z.enum(ORPHAN_STATUSES),
  cleanedAt: nullableTimestamp,
  cleanedBy: z.string().nullable(),
  cleanupError: z.string().nullable(),
}) satisfies z.ZodType<OrphanReportRecord>;

export const OrphanFilterSchema = z
  .object({ scanId: z.string().optional(), status: z.enum(ORPHAN_STATUSES).optional() })
  .strict();

export const OrphanMarkSchema = z.object({
  scanId: text,
  provider: text,
  id: text,
  status: z.enum(ORPHAN_STATUSES),
  cleanedBy: z.string(),
  cleanedAt: isoTimestamp,
  cleanupError: z.string().nullable(),
});

/**
 * Parses `value` with `schema` or throws a {@link StoreError} of type `StoreInvalidRecord` naming every bad field.
 * `what` names the argument in the message (e.g. `upsertJob`).
 */
export function parseStoreInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new StoreError(StoreErrorType.InvalidRecord, `${what}: invalid input\n${z.prettifyError(result.error)}`, {
    cause: result.error,
  });
}

export const OperatorAlertRecordSchema = z.object({
  idempotencyKey: text,
  kind: text,
  jobId: text,
  tenantId: text,
  message: z.string(),
  createdAt: isoTimestamp,
});

export const OperatorAlertFilterSchema = z
  .object({ jobId: z.string().optional(), tenantId: z.string().optional(), kind: z.string().optional() })
  .strict();

export const ProvisioningMetricsRecordSchema = z.object({
  jobId: text,
  tenantId: text,
  plan: z.enum(TENANT_PLANS),
  outcome: z.enum(['completed', 'cleaned_up', 'cancelled']),
  startedAt: isoTimestamp,
  finishedAt: isoTimestamp,
  durationMs: z.number().int().nonnegative(),
  failedStep: z.string().nullable(),
  errorType: z.string().nullable(),
  failures: z.array(z.object({ step: z.string().nullable(), type: z.string(), at: isoTimestamp })),
  attempts: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  hitFault: z.boolean(),
  autoRecovered: z.boolean(),
  stepDurationsMs: z.record(z.string(), z.number().nonnegative()),
});

export const MetricsRangeSchema = z
  .object({ from: rangeBound('from').optional(), to: rangeBound('to').optional() })
  .strict();
