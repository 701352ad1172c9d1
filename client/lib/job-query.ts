/**
 * Listing provisioning jobs through Temporal visibility: the filter becomes a query over the contract's search
 * attributes (what admins type in the Temporal UI), and each execution becomes a {@link JobSummary}.
 */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import {
  JOB_STATUSES,
  PROVISION_WORKFLOW_TYPE,
  TENANT_ID_PATTERN,
  TENANT_PLANS,
  type JobStatus,
  type TenantPlan,
} from '../../workflows/contracts/provision-tenant';
import {
  ProvisioningStatusAttribute,
  ProvisioningStepAttribute,
  TenantIdAttribute,
  TenantPlanAttribute,
} from '../../workflows/contracts/search-attributes';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;

export const JobListFilterSchema = z
  .object({
    status: z.enum(JOB_STATUSES).optional(),
    tenantId: z.string().regex(TENANT_ID_PATTERN, 'must be a tenant ID (lowercase slug)').optional(),
    plan: z.enum(TENANT_PLANS).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  })
  .strict();
export type JobListFilter = z.input<typeof JobListFilterSchema>;

/** One provisioning job as Temporal visibility sees it (search attributes are eventually consistent). */
export interface JobSummary {
  jobId: string;
  runId: string;
  tenantId: string | null;
  plan: TenantPlan | null;
  /** The `ProvisioningStatus` search attribute the workflow keeps up to date. */
  status: JobStatus | null;
  step: string | null;
  /** Temporal's own execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, ... */
  executionStatus: string;
  startedAt: string;
  closedAt: string | null;
}

/** Quotes a value for a visibility query string literal. */
export function quoteVisibilityValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The visibility query of a job filter: every clause is an equality on a contract attribute. No ORDER BY: the
 * dev server's SQL visibility rejects it; its default order is running jobs first, then the most recently closed.
 */
export function buildJobListQuery(filter: { status?: JobStatus; tenantId?: string; plan?: TenantPlan }): string {
  const clauses = [`WorkflowType = ${quoteVisibilityValue(PROVISION_WORKFLOW_TYPE)}`];
  if (filter.status) clauses.push(`${ProvisioningStatusAttribute.name} = ${quoteVisibilityValue(filter.status)}`);
  if (filter.tenantId) clauses.push(`${TenantIdAttribute.name} = ${quoteVisibilityValue(filter.tenantId)}`);
  if (filter.plan) clauses.push(`${TenantPlanAttribute.name} = ${quoteVisibilityValue(filter.plan)}`);
  return clauses.join(' AND ');
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | null {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** Maps a visibility record to a {@link JobSummary}; unknown attribute values become null rather than lies. */
export function toJobSummary(info: WorkflowExecutionInfo): JobSummary {
  const attributes = info.typedSearchAttributes;
  return {
    jobId: info.workflowId,
    runId: info.runId,
    tenantId: attributes.get(TenantIdAttribute) ?? null,
    plan: oneOf(TENANT_PLANS, attributes.get(TenantPlanAttribute)),
    status: oneOf(JOB_STATUSES, attributes.get(ProvisioningStatusAttribute)),
    step: attributes.get(ProvisioningStepAttribute) ?? null,
    executionStatus: info.status.name,
    startedAt: info.startTime.toISOString(),
    closedAt: info.closeTime ? info.closeTime.toISOString() : null,
  };
}
