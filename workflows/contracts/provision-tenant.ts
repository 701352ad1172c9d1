/**
 * The public contract of the `provisionTenant` workflow, imported by the workflow, the worker and every client
 * (typed library, CLI, HTTP API). Names here are fixed by DESIGN.md: add fields, never rename.
 * Sandbox-safe: no Node built-ins, no I/O, and no zod: the workflow bundle is evaluated again for every workflow,
 * so what it imports costs CPU and memory per job. Input validation is in ./provision-tenant-input, the zod schemas
 * of the progress types in ./progress-schema (neither is imported by workflow code).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const TASK_QUEUE = 'tenant-provisioning';
export const PROVISION_WORKFLOW_TYPE = 'provisionTenant';

/** Workflow ID of a tenant's provisioning job; the job ID everywhere (API, CLI, store). */
export function provisionWorkflowId(tenantId: string): string {
  return `provision-${tenantId}`;
}

/** Inverse of {@link provisionWorkflowId}; undefined when the ID is not a provisioning job ID. */
export function tenantIdFromJobId(jobId: string): string | undefined {
  const match = /^provision-([a-z0-9][a-z0-9-]{2,38})$/.exec(jobId);
  return match?.[1];
}

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,38}$/;

/**
 * Every provider resource of a tenant is named `tenant-<tenantId>` (Convex project, WorkOS external ID, Pages
 * project). A tenant ID is only valid when the names derived from it are valid for every provider.
 */
export const TENANT_RESOURCE_PREFIX = 'tenant-';
/** Cloudflare Pages project names: lowercase letters, digits and hyphens, at most 58, no hyphen at either end. */
export const PAGES_PROJECT_NAME_MAX = 58;
/** WorkOS organization `external_id`: at most 64 characters. */
export const WORKOS_EXTERNAL_ID_MAX = 64;
export const TENANT_PLANS = ['free', 'pro', 'enterprise'] as const;
export type TenantPlan = (typeof TENANT_PLANS)[number];

/** What starts a job; its zod schema is in ./provision-tenant-input (kept out of the workflow bundle). */
export type { ProvisionTenantInput } from './provision-tenant-input';

/** Steps in execution order. Steps in the same stage run in parallel. */
export const PROVISIONING_STEPS = [
  'reserveQuota',
  'createWorkosOrganization',
  'createConvexProject',
  'deployConvexBackend',
  'createPagesProject',
  'deployFrontend',
  'validateResources',
  'activateInstance',
  'sendReadyEmails',
] as const;
export type ProvisioningStepName = (typeof PROVISIONING_STEPS)[number];

/** The step graph: each inner array is one stage whose steps are independent of each other. */
export const PROVISIONING_STAGES: readonly (readonly ProvisioningStepName[])[] = [
  ['reserveQuota'],
  ['createWorkosOrganization', 'createConvexProject'],
  ['deployConvexBackend', 'createPagesProject'],
  ['deployFrontend'],
  ['validateResources'],
  ['activateInstance'],
  ['sendReadyEmails'],
];

export const JOB_STATUSES = ['running', 'failed', 'compensating', 'cleaned_up', 'cancelled', 'completed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `skipped`: the step did not run because the tenant was already provisioned by an earlier run. */
export const STEP_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'compensating',
  'compensated',
  'skipped',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface StepError {
  /** The ApplicationFailure type, e.g. `ProviderUnavailable`; see {@link FailureType}. */
  type: string;
  message: string;
  /** True when retrying cannot help (bad credentials, quota, invalid input). */
  nonRetryable: boolean;
}

export interface StepProgress {
  name: ProvisioningStepName;
  status: StepStatus;
  /** ISO timestamps (workflow time). */
  startedAt: string | null;
  finishedAt: string | null;
  /** Activity attempts used by the last run of this step (automatic retries included). */
  attempts: number;
  error: StepError | null;
}

/** IDs and URLs of what the job created; only the ones created so far are set. */
export interface ProvisionedResources {
  workosOrganizationId?: string;
  convexProjectId?: number;
  convexDeploymentName?: string;
  convexDeploymentUrl?: string;
  convexDeployKeyName?: string;
  pagesProjectName?: string;
  pagesSubdomain?: string;
  pagesDeploymentId?: string;
  siteUrl?: string;
  loginUrl?: string;
}

/** What the `progress` query returns. */
export interface ProvisioningProgress {
  jobId: string;
  tenantId: string;
  status: JobStatus;
  currentStep: ProvisioningStepName | null;
  totalSteps: number;
  completedSteps: number;
  percent: number;
  steps: StepProgress[];
  startedAt: string;
  estimatedCompletionAt: string | null;
  finishedAt: string | null;
  /** Admin retries (`retry` signal) taken so far. */
  retryCount: number;
  /** Attempts each step may use before the job fails (the activity retry policy's maximumAttempts). */
  maxRetries: number;
  /** When a failed job compensates unless retried (ISO), null otherwise. */
  cleanupAt: string | null;
  resources: ProvisionedResources;
  error: (StepError & { step: ProvisioningStepName | null }) | null;
  /** Compensations that could not complete; the orphan scan picks these resources up. */
  leaks: { step: ProvisioningStepName; error: string }[];
  /** Who asked for each admin retry, and when. */
  retries: { requestedBy: string; at: string }[];
  /**
   * True when the tenant already had a live instance from an earlier run: this run changed nothing, sent nothing and
   * completed at once (`resources` are the existing ones). Absent in progress recorded before it existed.
   */
  alreadyProvisioned?: boolean;
  /**
   * Every time the job went `failed` (step, failure type, when), oldest first: kept across admin retries, for the
   * provisioning metrics (failures by step and type, time to recovery). Absent in progress recorded before it existed.
   */
  failures?: JobFailure[];
  /**
   * The ready and welcome emails, sent after the commit point: `failed` means the tenant is live but the owner was
   * not told (an operator alert was raised; resend with `resend-emails`). Absent before that stage.
   */
  notifications?: NotificationStatus;
}

export interface JobFailure {
  step: ProvisioningStepName | null;
  type: string;
  /** ISO timestamp (workflow time). */
  at: string;
}

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface RetryRequest {
  requestedBy?: string;
}

export interface ProvisionTenantResult {
  jobId: string;
  tenantId: string;
  status: 'completed';
  resources: ProvisionedResources;
  retryCount: number;
  /** True when an earlier run had provisioned the tenant and this one changed nothing. */
  alreadyProvisioned?: boolean;
  /**
   * Every time the job went `failed` (step, failure type, when), oldest first: kept across admin retries, for the
   * provisioning metrics (failures by step and type, time to recovery). Absent in progress recorded before it existed.
   */
  failures?: JobFailure[];
  /** Whether the owner got the ready and welcome emails (`failed`: see the operator alert). */
  notifications?: NotificationStatus;
}

export const progressQuery = defineQuery<ProvisioningProgress>('progress');
export const retrySignal = defineSignal<[RetryRequest?]>('retry');

/**
 * Failure `type` strings: the error contract of every activity and workflow. Match on `.type`, never instanceof.
 */
export const FailureType = {
  /** Input failed validation; never retried. */
  InvalidInput: 'InvalidInput',
  /** Network error, timeout, 5xx: retried with backoff. */
  ProviderUnavailable: 'ProviderUnavailable',
  /** 429: retried after the provider's Retry-After. */
  ProviderRateLimited: 'ProviderRateLimited',
  /** 401/403: credentials are wrong; never retried. */
  ProviderAuthFailed: 'ProviderAuthFailed',
  /** Provider quota reached; never retried. */
  ProviderQuotaExceeded: 'ProviderQuotaExceeded',
  /** Provider rejected the request as invalid (other 4xx); never retried. */
  ProviderRejected: 'ProviderRejected',
  /** A resource with our deterministic name exists but belongs to someone else; never retried. */
  ResourceConflict: 'ResourceConflict',
  /** A created resource is not (yet) reachable/active/live: retried. */
  ResourceNotReady: 'ResourceNotReady',
  /** A deployment reached a terminal failure stage; never retried by the activity. */
  DeploymentFailed: 'DeploymentFailed',
  /** The tenant's owner or requester is over their instance quota; never retried. */
  TenantQuotaExceeded: 'TenantQuotaExceeded',
  /** The job failed and its resources were cleaned up after the grace period (the workflow's own failure). */
  ProvisioningFailed: 'ProvisioningFailed',
  /**
   * The store contradicts Temporal (e.g. no instances while provisioning jobs have completed: a wrong or new store
   * file); destructive work (orphan scans and cleanups) refuses to run. Never retried.
   */
  StoreInconsistent: 'StoreInconsistent',
} as const;
export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];

export const NON_RETRYABLE_FAILURE_TYPES: readonly FailureTypeName[] = [
  FailureType.InvalidInput,
  FailureType.ProviderAuthFailed,
  FailureType.ProviderQuotaExceeded,
  FailureType.ProviderRejected,
  FailureType.ResourceConflict,
  FailureType.DeploymentFailed,
  FailureType.TenantQuotaExceeded,
  FailureType.StoreInconsistent,
];
