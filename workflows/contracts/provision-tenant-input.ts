/**
 * The zod schema of `provisionTenant`'s input: clients (library, CLI, HTTP API) validate with it before a job starts,
 * and the worker validates again in the job's first local activity, so a job started from the Temporal UI or CLI with
 * bad input fails at once naming the field. Workflow code imports only the type (zod stays out of the bundle).
 *
 * Beyond the shapes, it rejects what a provider would refuse later (after other resources were created): a tenant ID
 * whose derived resource names (`tenant-<tenantId>`) a provider does not accept, and text with control characters or
 * bidirectional overrides (they can disguise a name in emails and dashboards). Owner emails are lowercased, so every
 * comparison (quotas, lookups) is case-insensitive.
 */
import { z } from 'zod';
import {
  PAGES_PROJECT_NAME_MAX,
  TENANT_ID_PATTERN,
  TENANT_PLANS,
  TENANT_RESOURCE_PREFIX,
  WORKOS_EXTERNAL_ID_MAX,
} from './provision-tenant';

/** C0/C1 control characters, and the Unicode bidirectional embeddings, overrides, isolates and marks. */
const UNSAFE_TEXT = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Why a tenant ID cannot name the tenant's provider resources, or undefined when every provider accepts it. */
export function tenantIdResourceProblem(tenantId: string): string | undefined {
  const name = `${TENANT_RESOURCE_PREFIX}${tenantId}`;
  if (tenantId.endsWith('-')) {
    return `must not end with a hyphen (the Cloudflare Pages project "${name}" would be invalid)`;
  }
  if (name.length > PAGES_PROJECT_NAME_MAX) {
    return `is too long: the Cloudflare Pages project "${name}" would exceed ${PAGES_PROJECT_NAME_MAX} characters`;
  }
  if (name.length > WORKOS_EXTERNAL_ID_MAX) {
    return `is too long: the WorkOS external ID "${name}" would exceed ${WORKOS_EXTERNAL_ID_MAX} characters`;
  }
  return undefined;
}

const TenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'must be a lowercase slug of 3-39 characters: letters, digits and hyphens')
  .superRefine((tenantId, ctx) => {
    const problem = tenantIdResourceProblem(tenantId);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Trimmed display text of 1..max characters without control characters or bidirectional overrides. */
export function safeText(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !UNSAFE_TEXT.test(text), 'must not contain control characters or bidirectional overrides');
}

export const ProvisionTenantInputSchema = z
  .object({
    tenantId: TenantIdSchema,
    name: safeText(100),
    plan: z.enum(TENANT_PLANS),
    owner: z.object({
      email: z.string().trim().toLowerCase().pipe(z.email()),
      name: safeText(100),
    }),
    requestedBy: safeText(200),
    region: z.enum(['aws-us-east-1', 'aws-eu-west-1']).optional(),
  })
  .strict();

export type ProvisionTenantInput = z.infer<typeof ProvisionTenantInputSchema>;
