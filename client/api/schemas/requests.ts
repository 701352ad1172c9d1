/** Request schemas of the HTTP API: path parameters, query strings and bodies, validated at the boundary. */
import { z } from 'zod';
import { RESENDABLE_EMAIL_KINDS } from '../../../workflows/contracts/admin-workflows';
import { JOB_STATUSES, TENANT_ID_PATTERN } from '../../../workflows/contracts/provision-tenant';
import { ProvisionTenantInputSchema } from '../../../workflows/contracts/provision-tenant-input';

/** The start body: the workflow input, where the requester is the authenticated principal, not a field. */
export const StartProvisioningRequestSchema = ProvisionTenantInputSchema.extend({
  requestedBy: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('On whose behalf the authenticated principal asks (recorded, never the requester)'),
});

export const JobIdParamsSchema = z.object({
  jobId: z.string().describe('Provisioning job ID: provision-<tenantId>'),
});

export const InstanceIdParamsSchema = z.object({
  instanceId: z.string().describe('The instance ID: its tenant ID'),
});

export const MAX_STORE_LIST_LIMIT = 500;

export const JobListQuerySchema = z
  .object({
    status: z.enum(JOB_STATUSES).optional(),
    tenantId: z.string().regex(TENANT_ID_PATTERN, 'must be a tenant ID (lowercase slug)').optional(),
    limit: z.coerce.number().int().min(1).max(MAX_STORE_LIST_LIMIT).default(50),
  })
  .strict();

export const RetryRequestSchema = z
  .object({
    requestedBy: z.string().trim().min(1).max(200).optional().describe('On whose behalf the authenticated admin asks'),
  })
  .strict();

export const ResendEmailsRequestSchema = z
  .object({
    kinds: z
      .array(z.enum(RESENDABLE_EMAIL_KINDS))
      .min(1)
      .optional()
      .describe('Which emails (default: ready and welcome)'),
    force: z.boolean().default(false).describe('Send also the emails the owner already got (default false)'),
    requestedBy: z.string().trim().min(1).max(200).optional().describe('Who asks; default: the authenticated admin'),
  })
  .strict();

export const OrphanListQuerySchema = z
  .object({
    scanId: z.string().min(1).max(300).optional().describe('A scan ID; default: the latest scan'),
    status: z.enum(['reported', 'cleaned', 'cleanup_failed']).optional(),
  })
  .strict();

export const OrphanCleanupRequestSchema = z
  .object({
    dryRun: z.boolean().default(true).describe('Only report what would be deleted (default true)'),
    scanId: z.string().min(1).max(300).optional().describe('The scan whose orphans to delete; default: the latest'),
    requestedBy: z.string().trim().min(1).max(200).optional(),
    maxDeletions: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Most deletions of this run (capped by ORPHAN_CLEANUP_MAX_DELETIONS)'),
  })
  .strict();
