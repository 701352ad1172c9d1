/**
 * Signatures of every activity the workflows call. Workflows import this with `import type` only; the
 * implementation is `createActivities(deps)` in ./index.ts. One object in, one object out; fields are only added.
 *
 * Every creating activity is idempotent: deterministic names derived from the tenant, find-or-adopt before create,
 * idempotency keys where the API takes them. Every delete is delete-if-present and works from the tenant ID alone
 * (so a resource whose create response was lost is still found and removed).
 */
import type {
  JobStatus,
  ProvisionedResources,
  ProvisioningProgress,
  ProvisionTenantInput,
  ProvisioningStepName,
  TenantPlan,
} from '../workflows/contracts/provision-tenant';
import type { EmailKind, OrphanRecord, Provider, ProviderResource } from '../common/domain';

export type { EmailKind, OrphanRecord, Provider, ProviderResource } from '../common/domain';

/** Durations and retry settings of the provisioning workflow: worker configuration, read once per job. */
export interface ProvisioningSettings {
  /** Activity retry policy for provider calls. */
  retry: {
    maximumAttempts: number;
    initialIntervalMs: number;
    backoffCoefficient: number;
    maximumIntervalMs: number;
  };
  /** How long a failed job waits for an admin `retry` before it compensates. */
  cleanupGraceMs: number;
  /** Attempts a compensation gets before it is reported as a leak. */
  compensationMaxAttempts: number;
  /** Timeout of a single provider-calling activity attempt. */
  activityTimeoutMs: number;
  /** Timeout of a single deployment wait (deployFrontend, validateResources). */
  deploymentTimeoutMs: number;
  /** Expected duration of each step (median of past jobs, or defaults), for the ETA. */
  expectedStepDurationsMs: Record<ProvisioningStepName, number>;
  /** Public URL of the Brain app's login page for a tenant: `{loginUrlBase}/<tenantId>`. */
  loginUrlBase: string;
  supportUrl: string;
  /**
   * Retry policy of the ready and welcome emails, which run after the commit point and so may retry for longer
   * (absent in histories recorded before it existed: the provider policy applies).
   */
  notificationRetry?: ProvisioningSettings['retry'];
  /**
   * The tenant's instance when it is already live (active, degraded or down) from an earlier run: the job then
   * completes at once as already provisioned and touches nothing.
   */
  liveInstance?: LiveInstance;
  /**
   * The job's input, validated (and trimmed) by the worker. Histories recorded before validation moved here carry
   * none: their input had been validated by the workflow itself.
   */
  input?: ProvisionTenantInput;
}

export interface GetProvisioningSettingsInput {
  /** The job's input as the workflow received it. */
  input: unknown;
}

export interface LiveInstance {
  jobId: string;
  status: 'active' | 'degraded' | 'down';
  resources: ProvisionedResources;
  activatedAt: string | null;
}

/** Every activity that performs a step reports the attempt it succeeded on. */
export interface Attempted {
  attempt: number;
}

export interface TenantRef {
  tenantId: string;
  /** The provisioning job (workflow ID); used as correlation ID and in idempotency keys. */
  jobId: string;
}

export interface ReserveQuotaInput extends TenantRef {
  name: string;
  plan: TenantPlan;
  ownerEmail: string;
  ownerName: string;
  requestedBy: string;
  region?: string;
  /**
   * The run that makes the reservation (`<jobId>:<firstExecutionRunId>`); only that run may release it. Absent from
   * runs started before it existed (the job ID is then the owner).
   */
  reservedBy?: string;
}

export interface CreateWorkosOrganizationInput extends TenantRef {
  name: string;
}
export interface CreateWorkosOrganizationResult extends Attempted {
  organizationId: string;
  adopted: boolean;
}

export interface CreateConvexProjectInput extends TenantRef {
  region?: string;
}
export interface CreateConvexProjectResult extends Attempted {
  projectId: number;
  deploymentName: string;
  deploymentUrl: string;
  adopted: boolean;
}

export interface DeployConvexBackendInput extends TenantRef {
  deploymentName: string;
  deploymentUrl: string;
  plan: TenantPlan;
  workosOrganizationId: string;
}
export interface DeployConvexBackendResult extends Attempted {
  /** Name of the deploy key (the secret itself never leaves the activity). */
  deployKeyName: string;
}

export interface CreatePagesProjectInput extends TenantRef {
  convexDeploymentUrl: string;
}
export interface CreatePagesProjectResult extends Attempted {
  projectName: string;
  subdomain: string;
  adopted: boolean;
}

export interface DeployFrontendInput extends TenantRef {
  projectName: string;
}
export interface DeployFrontendResult extends Attempted {
  deploymentId: string;
  siteUrl: string;
}

export interface ValidateResourcesInput extends TenantRef {
  resources: ProvisionedResources;
}
export interface ResourceCheck {
  resource: 'convex' | 'workos' | 'cloudflareDeployment' | 'site';
  ok: boolean;
  detail: string;
}
export interface ValidateResourcesResult extends Attempted {
  checks: ResourceCheck[];
}

export interface ActivateInstanceInput extends TenantRef {
  resources: ProvisionedResources;
}

export interface SendEmailInput extends TenantRef {
  kind: EmailKind;
  to: { email: string; name: string };
  /**
   * Idempotency key: the email is sent at most once per key, whatever the activity retries
   * (e.g. `${jobId}:ready`, `${jobId}:failed:${retryCount}`).
   */
  idempotencyKey: string;
  /** Template data: tenantName, plan, etaIso, loginUrl, supportUrl, failedStep, errorMessage, ... */
  data: Record<string, string | number | null>;
}
export interface SendEmailResult extends Attempted {
  sent: boolean;
  /** True when an earlier attempt or run already sent this email. */
  duplicate: boolean;
}

export interface DeleteResourceInput extends TenantRef {
  /** Known resource IDs; the delete falls back to the tenant's deterministic name when an ID is missing. */
  resources: ProvisionedResources;
}
export interface DeleteResourceResult {
  deleted: boolean;
  /** False when nothing was there to delete. */
  existed: boolean;
}

export interface JobSnapshot {
  progress: ProvisioningProgress;
  plan: TenantPlan;
  ownerEmail: string;
  requestedBy: string;
  /** Who asked for the latest admin action on the job (retry), if any. */
  lastActionBy?: string;
}

export interface RecordLeakInput extends TenantRef {
  step: ProvisioningStepName;
  resources: ProvisionedResources;
  error: string;
}

export interface ReleaseReservationInput extends TenantRef {
  status: JobStatus;
  /** The run that reserved (see {@link ReserveQuotaInput.reservedBy}). */
  reservedBy?: string;
}

/** Something an operator must act on; recorded in the store, logged, counted and emailed to OPS_ALERT_EMAIL. */
export type OperatorAlertKind = 'notifications_failed';
export interface RaiseOperatorAlertInput extends TenantRef {
  kind: OperatorAlertKind;
  /** Internal detail for operators (never shown to the tenant's owner). */
  message: string;
  /** Makes the alert once-only per key, whatever the activity retries. */
  idempotencyKey: string;
}

/** Resending a completed job's ready and welcome emails (`resendEmails` workflow). */
export interface ResendContextInput {
  jobId: string;
}
export interface ResendContext {
  tenantId: string;
  jobId: string;
  tenantName: string;
  plan: TenantPlan;
  owner: { email: string; name: string };
  resources: ProvisionedResources;
  /** Kinds whose email for this tenant has been sent at least once. */
  alreadySent: EmailKind[];
}

export interface ScanOrphansInput {
  scanId: string;
  /** Only resources older than this are reported; default: the worker's ORPHAN_MIN_AGE. */
  minAgeMs?: number;
}
export interface ScanOrphansResult {
  scanId: string;
  scanned: number;
  orphans: OrphanRecord[];
}

import type { AuditExternalActionInput, AuditExternalActionResult } from './external-audit';

export interface ProvisioningActivities {
  /** Settings for the job (local activity). */
  getProvisioningSettings(input: GetProvisioningSettingsInput): Promise<ProvisioningSettings>;
  /** Mirror the job's progress into the store (local activity). */
  recordJobSnapshot(input: JobSnapshot): Promise<void>;

  reserveQuota(input: ReserveQuotaInput): Promise<Attempted>;
  /** Compensation of reserveQuota: marks the instance record removed/cancelled. */
  releaseReservation(input: ReleaseReservationInput): Promise<void>;

  createWorkosOrganization(input: CreateWorkosOrganizationInput): Promise<CreateWorkosOrganizationResult>;
  deleteWorkosOrganization(input: DeleteResourceInput): Promise<DeleteResourceResult>;

  createConvexProject(input: CreateConvexProjectInput): Promise<CreateConvexProjectResult>;
  deleteConvexProject(input: DeleteResourceInput): Promise<DeleteResourceResult>;

  deployConvexBackend(input: DeployConvexBackendInput): Promise<DeployConvexBackendResult>;

  createPagesProject(input: CreatePagesProjectInput): Promise<CreatePagesProjectResult>;
  deletePagesProject(input: DeleteResourceInput): Promise<DeleteResourceResult>;

  /** Creates (or adopts) a production deployment and heartbeats until it is live. */
  deployFrontend(input: DeployFrontendInput): Promise<DeployFrontendResult>;

  /** Throws ResourceNotReady (retryable) while any check fails. */
  validateResources(input: ValidateResourcesInput): Promise<ValidateResourcesResult>;

  activateInstance(input: ActivateInstanceInput): Promise<Attempted>;

  sendEmail(input: SendEmailInput): Promise<SendEmailResult>;

  /** A compensation that still failed after its attempts: recorded for the orphan scan and admins. */
  recordLeak(input: RecordLeakInput): Promise<void>;

  /** Orphan scan: list provider resources that follow our naming convention and that no instance or job owns. */
  scanOrphans(input: ScanOrphansInput): Promise<ScanOrphansResult>;

  /** Operator alert: stored (once per key), logged, counted, emailed to the ops address when configured. */
  raiseOperatorAlert(input: RaiseOperatorAlertInput): Promise<void>;

  /** What resending a completed job's emails needs; InvalidInput when the tenant has no live instance. */
  getResendContext(input: ResendContextInput): Promise<ResendContext>;

  /** The orphans of a scan that a cleanup may consider, with the cleanup limits. */
  listOrphansForCleanup(input: ListOrphansForCleanupInput): Promise<OrphansForCleanup>;
  /** Re-checks one orphan just before acting on it, then deletes it (unless a dry run) and records who asked. */
  cleanupOrphan(input: CleanupOrphanInput): Promise<CleanupOrphanResult>;

  /** Records a retry or cancel sent from the Temporal UI or `temporal` CLI, with its caller identity (external-audit.ts). */
  auditExternalAction(input: AuditExternalActionInput): Promise<AuditExternalActionResult>;
}

export interface ListOrphansForCleanupInput {
  /** The scan to clean; the latest scan when omitted. */
  scanId?: string;
}
export interface OrphansForCleanup {
  scanId: string | null;
  orphans: ProviderResource[];
  /** Most deletions one cleanup run makes (ORPHAN_CLEANUP_MAX_DELETIONS). */
  maxDeletions: number;
  /** Only resources older than this are deleted (ORPHAN_MIN_AGE). */
  minAgeMs: number;
}
export interface CleanupOrphanInput {
  scanId: string;
  orphan: ProviderResource;
  dryRun: boolean;
  requestedBy: string;
  minAgeMs: number;
}
/**
 * - `deleted` / `absent` (already gone) / `would_delete` (dry run);
 * - `skipped_live`: the tenant has a live instance in the store; `skipped_job`: Temporal has a running or completed
 *   job of the tenant; `skipped_young`: younger than the minimum age; `skipped_cap`: over the run's deletion cap;
 *   `skipped_done`: no longer `reported` (another cleanup handled it);
 * - `not_owned`: the provider resource carries another tenant's ownership mark; `failed`: the delete failed.
 */
export type OrphanCleanupOutcome =
  | 'deleted'
  | 'absent'
  | 'would_delete'
  | 'skipped_live'
  | 'skipped_job'
  | 'skipped_young'
  | 'skipped_cap'
  | 'skipped_done'
  | 'not_owned'
  | 'failed';
export interface CleanupOrphanResult {
  provider: Provider;
  id: string;
  name: string;
  tenantId: string;
  outcome: OrphanCleanupOutcome;
  error?: string;
}

/** The health sweep's activities and their inputs and results (./contract-health.ts). */
export type {
  PlanHealthSweepInput,
  HealthBatch,
  PlanHealthSweepResult,
  CheckHealthBatchInput,
  CheckHealthBatchResult,
  DeliverHealthAlertsInput,
  DeliverHealthAlertsResult,
  CompleteHealthSweepInput,
  HealthActivities,
} from './contract-health';
