/**
 * The zod schema of `provisionTenant`'s input: clients (library, CLI, HTTP API) validate with it before a job starts,
 * and the worker validates again in the job's first local activity, so a job started from the Temporal UI or CLI with
 * bad input fails at once naming the field. Workflow code imports only the type (zod stays out of the bundle).
 */
import { z } from 'zod';
import { TENANT_ID_PATTERN, TENANT_PLANS } from './provision-tenant';

export const ProvisionTenantInputSchema = z
  .object({
    tenantId: z
      .string()
      .regex(TENANT_ID_PATTERN, 'must be a lowercase slug of 3-39 characters: letters, digits and hyphens'),
    name: z.string().trim().min(1).max(100),
    plan: z.enum(TENANT_PLANS),
    owner: z.object({
      email: z.email(),
      name: z.string().trim().min(1).max(100),
    }),
    requestedBy: z.string().trim().min(1).max(200),
    region: z.enum(['aws-us-east-1', 'aws-eu-west-1']).optional(),
  })
  .strict();

export type ProvisionTenantInput = z.infer<typeof ProvisionTenantInputSchema>;
