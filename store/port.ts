/**
 * The Brain store port (DESIGN.md decision 3): everything activities and clients persist goes through this one
 * interface. Embedded default: SQLite (./sqlite). Every method is async so a remote adapter (Convex) fits.
 * The store is a projection for dashboards and lookups; Temporal stays the source of truth for a running job.
 */
import type {
  JobStatus,
  ProvisionedResources,
  ProvisioningProgress,
  TenantPlan,
} from '../workflows/contracts/provision-tenant';
import type { ProvisioningMetricsSummary } from './provisioning-metrics';
import type { ProvisioningMetricsDay } from './provisioning-metrics-series';
import type { EmailKind, OrphanRecord } from '../common/domain';
import type { QuotaLimits, QuotaViolation } from '../common/quota-policy';
import type {
  AuditEntryInput,
  AuditEntry,
  AuditFilter,
  AuditVerification,
  ClientBlockRecord,
  StatusTokenRecord,
} from './access-records';
import type {
  HealthUpdate,
  HealthAlertKind,
  AlertDeliveryState,
  NewHealthAlert,
  HealthAlertRecord,
  HealthTransitionRecord,
  HealthSweepRecord,
  InstanceHealthFilter,
  InstancesHealthStatus,
} from './health-records';

/** Lifecycle of a tenant instance: `provisioning` until activated, then health statuses; `removed` after cleanup. */
export type InstanceStatus = 'provisioning' | 'active' | 'degraded' | 'down' | 'removed';

export interface InstanceRecord {
  tenantId: string;
  name: string;
  plan: TenantPlan;
  ownerEmail: string;
  ownerName: string;
  requestedBy: string;
  region: string | null;
  status: InstanceStatus;
  resources: ProvisionedResources;
  jobId: string;
  createdAt: string;
  updatedAt: string;
  activatedAt: string | null;
  /** Health fields, written by health checks. */
  lastHealthCheckAt: string | null;
  unhealthySince: string | null;
  /**
   * The job run that reserved the instance (`<jobId>:<firstExecutionRunId>`): only that run may release it, and only
   * while it is still `provisioning`. Null for records written before it existed.
   */
  reservedBy?: string | null;
}

export interface InstanceFilter {
  status?: InstanceStatus | InstanceStatus[];
  plan?: TenantPlan;
  requestedBy?: string;
  ownerEmail?: string;
  createdFrom?: string;
  createdTo?: string;
  limit?: number;
}

/** The store's projection of a provisioning job (mirrors the `progress` query). */
export interface JobRecord {
  jobId: string;
  tenantId: string;
  plan: TenantPlan;
  ownerEmail: string;
  requestedBy: string;
  status: JobStatus;
  currentStep: string | null;
  totalSteps: number;
  completedSteps: number;
  retryCount: number;
  maxRetries: number;
  failedStep: string | null;
  errorType: string | null;
  errorMessage: string | null;
  lastActionBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  updatedAt: string;
  progress: ProvisioningProgress;
}

export interface JobFilter {
  status?: JobStatus | JobStatus[];
  tenantId?: string;
  startedFrom?: string;
  startedTo?: string;
  limit?: number;
}

export interface EmailRecord {
  idempotencyKey: string;
  jobId: string;
  tenantId: string;
  kind: EmailKind;
  toEmail: string;
  /** `sending` is written before the provider call, `sent` after its 2xx. */
  state: 'sending' | 'sent';
  providerMessageId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface LeakRecord {
  jobId: string;
  tenantId: string;
  step: string;
  resources: ProvisionedResources;
  error: string;
  recordedAt: string;
}

export interface OrphanReportRecord extends OrphanRecord {
  scanId: string;
  status: 'reported' | 'cleaned' | 'cleanup_failed';
  cleanedAt: string | null;
  cleanedBy: string | null;
  cleanupError: string | null;
}

/** An operator alert (e.g. a live tenant's owner was not told): stored once per idempotency key. */
export interface OperatorAlertRecord {
  idempotencyKey: string;
  kind: string;
  jobId: string;
  tenantId: string;
  message: string;
  createdAt: string;
}

/** One finished provisioning run, for the metrics (store/provisioning-metrics.ts derives it from the job). */
export interface ProvisioningMetricsRecord {
  jobId: string;
  tenantId: string;
  plan: TenantPlan;
  outcome: 'completed' | 'cleaned_up' | 'cancelled';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The first failure's step and type (null when the run never failed). */
  failedStep: string | null;
  errorType: string | null;
  failures: { step: string | null; type: string; at: string }[];
  /** Activity attempts of every step, added up. */
  attempts: number;
  /** Admin retries. */
  retries: number;
  hitFault: boolean;
  autoRecovered: boolean;
  stepDurationsMs: Record<string, number>;
}

export interface BrainStore {
  upsertInstance(instance: InstanceRecord): Promise<void>;
  getInstance(tenantId: string): Promise<InstanceRecord | undefined>;
  updateInstance(tenantId: string, patch: Partial<Omit<InstanceRecord, 'tenantId'>>): Promise<void>;
  listInstances(filter?: InstanceFilter): Promise<InstanceRecord[]>;
  /** Instances not `removed` whose requester is `requestedBy` (per-user quota). */
  countLiveInstancesByRequester(requestedBy: string): Promise<number>;
  /** How many instance records the store holds, whatever their status (an empty store is suspicious). */
  countInstances(): Promise<number>;

  /**
   * Upserts `instance` only if the requester and the owner email stay within `limits` (common/quota-policy.ts),
   * counting and writing in one transaction; returns the violated limit instead of writing.
   */
  reserveInstance(instance: InstanceRecord, limits: QuotaLimits, now: string): Promise<QuotaViolation | undefined>;

  /**
   * Writes the job's projection, unless it is older than the stored one or the stored one is `completed` by another
   * run (a different `startedAt`): the record of the run that provisioned a tenant is never overwritten by a later run.
   */
  upsertJob(job: JobRecord): Promise<void>;
  getJob(jobId: string): Promise<JobRecord | undefined>;
  listJobs(filter?: JobFilter): Promise<JobRecord[]>;

  getEmail(idempotencyKey: string): Promise<EmailRecord | undefined>;
  /** Inserts a `sending` record; returns false when the key already exists (no change then). */
  reserveEmail(record: Omit<EmailRecord, 'state' | 'providerMessageId' | 'sentAt'>): Promise<boolean>;
  markEmailSent(idempotencyKey: string, providerMessageId: string | null, sentAt: string): Promise<void>;
  listEmails(filter?: { jobId?: string; tenantId?: string }): Promise<EmailRecord[]>;

  recordLeak(leak: LeakRecord): Promise<void>;
  listLeaks(filter?: { tenantId?: string }): Promise<LeakRecord[]>;

  saveOrphanReport(scanId: string, orphans: OrphanRecord[]): Promise<void>;
  /** Orphans of the latest scan (or of `scanId`), with their cleanup state. */
  listOrphans(filter?: { scanId?: string; status?: OrphanReportRecord['status'] }): Promise<OrphanReportRecord[]>;
  markOrphan(
    scanId: string,
    provider: string,
    id: string,
    patch: { status: OrphanReportRecord['status']; cleanedBy: string; cleanedAt: string; cleanupError: string | null },
  ): Promise<void>;

  /** Writes the run's metrics record (one per job ID and start: a later write of the same run replaces it). */
  recordProvisioningMetrics(record: ProvisioningMetricsRecord): Promise<void>;
  /** Runs that finished in `[from, to]` (either end open when omitted), oldest first. */
  listProvisioningMetrics(range?: { from?: string; to?: string }): Promise<ProvisioningMetricsRecord[]>;
  /** The summary and KPIs of the runs that finished in `[from, to]` (store/provisioning-metrics.ts). */
  getProvisioningMetrics(range?: { from?: string; to?: string }): Promise<ProvisioningMetricsSummary>;
  /** The same runs per UTC day of finish, for charts (store/provisioning-metrics-series.ts). */
  getProvisioningMetricsSeries(range?: { from?: string; to?: string }): Promise<ProvisioningMetricsDay[]>;

  /** Stores the alert; returns false (changing nothing) when its idempotency key is already stored. */
  recordOperatorAlert(alert: OperatorAlertRecord): Promise<boolean>;
  /** Newest first. */
  listOperatorAlerts(filter?: { jobId?: string; tenantId?: string; kind?: string }): Promise<OperatorAlertRecord[]>;

  /** Appends one entry atomically (even with several processes on the store); it can never be changed after. */
  appendAudit(entry: AuditEntryInput): Promise<AuditEntry>;
  /** Entries matching the filter, oldest first. */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Recomputes the whole chain. */
  verifyAudit(): Promise<AuditVerification>;

  blockClient(block: Omit<ClientBlockRecord, 'liftedAt' | 'liftedBy'>): Promise<void>;
  /** The block in force for `client` at `at`, if any. */
  getActiveBlock(client: string, at: string): Promise<ClientBlockRecord | undefined>;
  /** Blocks in force at `at` (every block ever when `at` is omitted), newest first. */
  listBlocks(filter?: { activeAt?: string }): Promise<ClientBlockRecord[]>;
  /** Lifts the blocks in force for `client`; false when there was none. */
  liftBlock(client: string, by: string, at: string): Promise<boolean>;

  createStatusToken(record: Omit<StatusTokenRecord, 'revokedAt'>): Promise<void>;
  getStatusToken(tokenHash: string): Promise<StatusTokenRecord | undefined>;
  /** Revokes every token of `jobId`; returns how many were in force. */
  revokeStatusTokens(jobId: string, at: string): Promise<number>;

  /** Health targets (active, degraded, down) with `afterTenantId < tenantId <= throughTenantId`, by tenant ID. */
  listHealthTargets(range: {
    afterTenantId: string | null;
    throughTenantId: string | null;
    limit: number;
  }): Promise<InstanceRecord[]>;
  /** Every `batchSize`-th health target's tenant ID, in order: the ends of a sweep's batches but the last. */
  healthBatchBoundaries(batchSize: number): Promise<string[]>;
  /** Of `tenantIds`, those with an unresolved `unhealthy` alert. */
  tenantsWithOpenAlerts(tenantIds: string[]): Promise<string[]>;
  /**
   * Applies each update in one transaction: status, unhealthy-since, last check and its details; a transition when
   * the status changed; the alert (a recovery notice resolves the open one). An update whose instance no longer has
   * `previousStatus` (removed, or checked by a newer sweep) is skipped whole.
   */
  recordHealthChecks(sweepId: string, updates: HealthUpdate[]): Promise<{ applied: number; transitions: number }>;
  /** Inserts the alert unless its ID exists; returns whether it did. */
  raiseHealthAlert(alert: NewHealthAlert): Promise<boolean>;
  listHealthAlerts(filter?: {
    undelivered?: boolean;
    tenantId?: string;
    kind?: HealthAlertKind;
    limit?: number;
  }): Promise<HealthAlertRecord[]>;
  updateHealthAlertDelivery(
    alertId: string,
    patch: {
      emailState?: AlertDeliveryState;
      webhookState?: AlertDeliveryState;
      webhookAttempts?: number;
      lastError?: string | null;
    },
  ): Promise<void>;
  /** Transitions of an instance, newest first. */
  listHealthTransitions(tenantId: string, limit?: number): Promise<HealthTransitionRecord[]>;
  saveHealthSweep(sweep: HealthSweepRecord): Promise<void>;
  /** The sweep that completed last, if any. */
  latestCompletedHealthSweep(): Promise<HealthSweepRecord | undefined>;
  getInstancesHealthStatus(filter?: InstanceHealthFilter): Promise<InstancesHealthStatus>;

  close(): Promise<void>;
}

/** Records of the API's access control (audit trail, client blocks, status tokens): ./access-records.ts. */
export { AUDIT_SOURCES } from './access-records';
export type {
  AuditSource,
  AuditEntryInput,
  AuditEntry,
  AuditFilter,
  AuditVerification,
  ClientBlockRecord,
  StatusTokenRecord,
} from './access-records';
/** Records of the health sweeps: ./health-records.ts. */
export type {
  HealthUpdate,
  HealthAlertKind,
  AlertDeliveryState,
  NewHealthAlert,
  HealthAlertRecord,
  HealthTransitionRecord,
  HealthSweepRecord,
  InstanceHealthFilter,
  InstanceHealthRow,
  InstancesHealthStatus,
} from './health-records';
