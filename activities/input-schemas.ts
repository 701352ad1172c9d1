/**
 * Zod schemas of every activity input (the activity boundary). Unknown keys are kept, because contract types only
 * ever gain fields and an older worker must still accept a newer workflow's input.
 */
import { z } from 'zod';
import {
  TENANT_ID_PATTERN,
  TENANT_PLANS,
  PROVISIONING_STEPS,
  JOB_STATUSES,
} from '../workflows/contracts/provision-tenant';
import { ProvisionedResourcesSchema, ProvisioningProgressSchema } from '../store/record-schemas';

const text = z.string().min(1);
const tenantId = z.string().regex(TENANT_ID_PATTERN, 'must be a tenant slug');

export const TenantRefSchema = z.looseObject({ tenantId, jobId: text });

export const ReserveQuotaInputSchema = TenantRefSchema.extend({
  name: text,
  plan: z.enum(TENANT_PLANS),
  ownerEmail: z.email(),
  ownerName: text,
  requestedBy: text,
  region: z.string().optional(),
  reservedBy: text.optional(),
});

export const CreateWorkosOrganizationInputSchema = TenantRefSchema.extend({ name: text });

export const CreateConvexProjectInputSchema = TenantRefSchema.extend({ region: z.string().optional() });

export const DeployConvexBackendInputSchema = TenantRefSchema.extend({
  deploymentName: text,
  deploymentUrl: z.url(),
  plan: z.enum(TENANT_PLANS),
  workosOrganizationId: text,
});

export const CreatePagesProjectInputSchema = TenantRefSchema.extend({ convexDeploymentUrl: z.url() });

export const DeployFrontendInputSchema = TenantRefSchema.extend({ projectName: text });

export const ResourcesInputSchema = TenantRefSchema.extend({ resources: ProvisionedResourcesSchema });

export const SendEmailInputSchema = TenantRefSchema.extend({
  kind: z.enum(['started', 'ready', 'welcome', 'failed']),
  to: z.looseObject({ email: z.email(), name: z.string() }),
  idempotencyKey: text,
  data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

export const JobSnapshotSchema = z.looseObject({
  progress: ProvisioningProgressSchema,
  plan: z.enum(TENANT_PLANS),
  ownerEmail: z.string(),
  requestedBy: z.string(),
  lastActionBy: z.string().optional(),
});

export const RecordLeakInputSchema = TenantRefSchema.extend({
  step: z.enum(PROVISIONING_STEPS),
  resources: ProvisionedResourcesSchema,
  error: z.string(),
});

export const ReleaseReservationInputSchema = TenantRefSchema.extend({
  status: z.enum(JOB_STATUSES),
  reservedBy: text.optional(),
});

export const RaiseOperatorAlertInputSchema = TenantRefSchema.extend({
  kind: z.enum(['notifications_failed']),
  message: z.string(),
  idempotencyKey: text,
});

export const ResendContextInputSchema = z.looseObject({ jobId: text });

export const ListOrphansForCleanupInputSchema = z.looseObject({ scanId: text.optional() });

export const CleanupOrphanInputSchema = z.looseObject({
  scanId: text,
  orphan: z.looseObject({
    provider: z.enum(['convex', 'workos', 'cloudflare']),
    id: text,
    name: text,
    tenantId,
    createdAt: text,
  }),
  dryRun: z.boolean(),
  requestedBy: text,
  minAgeMs: z.number().int().nonnegative(),
});

export const ScanOrphansInputSchema = z.looseObject({
  scanId: text,
  minAgeMs: z.number().int().nonnegative().optional(),
});

/** The job's raw input; getProvisioningSettings validates it with the contract's schema. */
export const SettingsInputSchema = z.looseObject({ input: z.unknown() });
