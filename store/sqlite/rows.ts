/**
 * Row shapes of the SQLite tables and their mappers to and from the port's records. Columns are snake_case; JSON
 * columns (resources, progress) hold objects serialised with JSON.stringify.
 */
import type {
  ProvisionedResources,
  ProvisioningProgress,
  TenantPlan,
  JobStatus,
} from '../../workflows/contracts/provision-tenant';
import type { EmailKind, Provider } from '../../common/domain';
import { StoreError, StoreErrorType } from '../errors';
import type { EmailRecord, InstanceRecord, InstanceStatus, JobRecord, LeakRecord, OrphanReportRecord } from '../port';

export interface InstanceRow {
  tenant_id: string;
  name: string;
  plan: string;
  owner_email: string;
  owner_name: string;
  requested_by: string;
  region: string | null;
  status: string;
  resources: string;
  job_id: string;
  created_at: string;
  updated_at: string;
  activated_at: string | null;
  last_health_check_at: string | null;
  unhealthy_since: string | null;
  reserved_by: string | null;
}

export interface JobRow {
  job_id: string;
  tenant_id: string;
  plan: string;
  owner_email: string;
  requested_by: string;
  status: string;
  current_step: string | null;
  total_steps: number;
  completed_steps: number;
  retry_count: number;
  max_retries: number;
  failed_step: string | null;
  error_type: string | null;
  error_message: string | null;
  last_action_by: string | null;
  started_at: string;
  finished_at: string | null;
  updated_at: string;
  progress: string;
}

export interface EmailRow {
  idempotency_key: string;
  job_id: string;
  tenant_id: string;
  kind: string;
  to_email: string;
  state: string;
  provider_message_id: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface LeakRow {
  job_id: string;
  step: string;
  tenant_id: string;
  resources: string;
  error: string;
  recorded_at: string;
}

export interface OrphanRow {
  scan_id: string;
  provider: string;
  resource_id: string;
  name: string;
  tenant_id: string;
  resource_created_at: string;
  age_ms: number;
  likely_job_id: string;
  detected_at: string;
  status: string;
  cleaned_at: string | null;
  cleaned_by: string | null;
  cleanup_error: string | null;
}

/** Decodes a JSON object column; a value that is not a JSON object means the row is corrupt. */
function parseJsonObject<T>(value: string, column: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new StoreError(StoreErrorType.CorruptRow, `column ${column} does not hold JSON`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StoreError(StoreErrorType.CorruptRow, `column ${column} does not hold a JSON object`);
  }
  return parsed as T;
}

// Enumerated columns are validated by zod on the way in (record-schemas.ts), so the casts below only narrow
// values this store wrote itself.

export function instanceFromRow(row: InstanceRow): InstanceRecord {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    plan: row.plan as TenantPlan,
    ownerEmail: row.owner_email,
    ownerName: row.owner_name,
    requestedBy: row.requested_by,
    region: row.region,
    status: row.status as InstanceStatus,
    resources: parseJsonObject<ProvisionedResources>(row.resources, 'instances.resources'),
    jobId: row.job_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    activatedAt: row.activated_at,
    lastHealthCheckAt: row.last_health_check_at,
    unhealthySince: row.unhealthy_since,
    ...(row.reserved_by !== null ? { reservedBy: row.reserved_by } : {}),
  };
}

export function instanceToRow(record: InstanceRecord): InstanceRow {
  return {
    tenant_id: record.tenantId,
    name: record.name,
    plan: record.plan,
    owner_email: record.ownerEmail,
    owner_name: record.ownerName,
    requested_by: record.requestedBy,
    region: record.region,
    status: record.status,
    resources: JSON.stringify(record.resources),
    job_id: record.jobId,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    activated_at: record.activatedAt,
    last_health_check_at: record.lastHealthCheckAt,
    unhealthy_since: record.unhealthySince,
    reserved_by: record.reservedBy ?? null,
  };
}

export function jobFromRow(row: JobRow): JobRecord {
  return {
    jobId: row.job_id,
    tenantId: row.tenant_id,
    plan: row.plan as TenantPlan,
    ownerEmail: row.owner_email,
    requestedBy: row.requested_by,
    status: row.status as JobStatus,
    currentStep: row.current_step,
    totalSteps: row.total_steps,
    completedSteps: row.completed_steps,
    retryCount: row.retry_count,
    maxRetries: row.max_retries,
    failedStep: row.failed_step,
    errorType: row.error_type,
    errorMessage: row.error_message,
    lastActionBy: row.last_action_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    progress: parseJsonObject<ProvisioningProgress>(row.progress, 'jobs.progress'),
  };
}

export function jobToRow(record: JobRecord): JobRow {
  return {
    job_id: record.jobId,
    tenant_id: record.tenantId,
    plan: record.plan,
    owner_email: record.ownerEmail,
    requested_by: record.requestedBy,
    status: record.status,
    current_step: record.currentStep,
    total_steps: record.totalSteps,
    completed_steps: record.completedSteps,
    retry_count: record.retryCount,
    max_retries: record.maxRetries,
    failed_step: record.failedStep,
    error_type: record.errorType,
    error_message: record.errorMessage,
    last_action_by: record.lastActionBy,
    started_at: record.startedAt,
    finished_at: record.finishedAt,
    updated_at: record.updatedAt,
    progress: JSON.stringify(record.progress),
  };
}

export function emailFromRow(row: EmailRow): EmailRecord {
  return {
    idempotencyKey: row.idempotency_key,
    jobId: row.job_id,
    tenantId: row.tenant_id,
    kind: row.kind as EmailKind,
    toEmail: row.to_email,
    state: row.state as EmailRecord['state'],
    providerMessageId: row.provider_message_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export function leakFromRow(row: LeakRow): LeakRecord {
  return {
    jobId: row.job_id,
    tenantId: row.tenant_id,
    step: row.step,
    resources: parseJsonObject<ProvisionedResources>(row.resources, 'leaks.resources'),
    error: row.error,
    recordedAt: row.recorded_at,
  };
}

export function orphanFromRow(row: OrphanRow): OrphanReportRecord {
  return {
    scanId: row.scan_id,
    provider: row.provider as Provider,
    id: row.resource_id,
    name: row.name,
    tenantId: row.tenant_id,
    createdAt: row.resource_created_at,
    ageMs: row.age_ms,
    likelyJobId: row.likely_job_id,
    detectedAt: row.detected_at,
    status: row.status as OrphanReportRecord['status'],
    cleanedAt: row.cleaned_at,
    cleanedBy: row.cleaned_by,
    cleanupError: row.cleanup_error,
  };
}
