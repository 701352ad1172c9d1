/**
 * Activities over the Brain store: job settings, the job snapshot mirror, the per-requester quota and instance
 * lifecycle (provisioning → active, or removed), and leak records. All idempotent: each writes the same record for
 * the same input.
 */
import { describeViolation } from '../common/quota-policy';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../workflows/contracts/provision-tenant';
import { ProvisionTenantInputSchema, type ProvisionTenantInput } from '../workflows/contracts/provision-tenant-input';
import type { InstanceRecord, InstanceStatus, JobRecord } from '../store/port';
import { provisioningMetricsOf } from '../store/provisioning-metrics';
import type {
  ActivateInstanceInput,
  Attempted,
  GetProvisioningSettingsInput,
  JobSnapshot,
  ProvisioningSettings,
  RecordLeakInput,
  ReleaseReservationInput,
  ReserveQuotaInput,
} from './contract';
import type { ActivityDeps } from './deps';
import {
  JobSnapshotSchema,
  RecordLeakInputSchema,
  ReleaseReservationInputSchema,
  ReserveQuotaInputSchema,
  ResourcesInputSchema,
  SettingsInputSchema,
} from './input-schemas';
import { nowOf, parseInput, runActivity } from './provider-call';
import { createLearntStepDurations, type LearntStepDurations } from './learnt-step-durations';
import { observeFinishedJob } from './prometheus-metrics';

/** Instance statuses that hold a tenant's resources (count against the quota, and are never orphans). */
export const LIVE_INSTANCE_STATUSES: readonly InstanceStatus[] = ['provisioning', 'active', 'degraded', 'down'];

/** Statuses of an instance that was activated: a tenant in use, whose resources nothing may delete. */
export const PROVISIONED_INSTANCE_STATUSES = ['active', 'degraded', 'down'] as const;
type ProvisionedStatus = (typeof PROVISIONED_INSTANCE_STATUSES)[number];

export function isProvisioned(
  instance: InstanceRecord | undefined,
): instance is InstanceRecord & { status: ProvisionedStatus } {
  return (
    instance !== undefined && (PROVISIONED_INSTANCE_STATUSES as readonly InstanceStatus[]).includes(instance.status)
  );
}

/**
 * Settings of a job: configured durations and retries, step durations learnt from the last completed jobs, the
 * job's input validated with the contract's zod schema (the workflow bundle carries no zod), and the tenant's
 * instance when it is already provisioned (the job then completes at once, touching nothing). Invalid input is a
 * non-retryable `InvalidInput` naming every bad field.
 */
export async function getProvisioningSettings(
  deps: ActivityDeps,
  rawInput: GetProvisioningSettingsInput,
  learntStepDurations: LearntStepDurations = createLearntStepDurations(deps),
): Promise<ProvisioningSettings> {
  const { input: rawJobInput } = parseInput(SettingsInputSchema, rawInput, 'getProvisioningSettings');
  const input = parseJobInput(rawJobInput);
  return runActivity(deps, 'getProvisioningSettings', async () => {
    const p = deps.config.provisioning;
    return {
      retry: {
        maximumAttempts: p.maxAttempts,
        initialIntervalMs: p.retryInitialMs,
        backoffCoefficient: p.retryBackoff,
        maximumIntervalMs: p.retryMaxMs,
      },
      cleanupGraceMs: p.cleanupGraceMs,
      compensationMaxAttempts: p.compensationMaxAttempts,
      activityTimeoutMs: p.activityTimeoutMs,
      deploymentTimeoutMs: p.deploymentTimeoutMs,
      expectedStepDurationsMs: await learntStepDurations(),
      loginUrlBase: p.loginUrlBase,
      supportUrl: p.supportUrl,
      notificationRetry: {
        maximumAttempts: p.notificationMaxAttempts,
        initialIntervalMs: p.notificationRetryInitialMs,
        backoffCoefficient: p.retryBackoff,
        maximumIntervalMs: p.notificationRetryMaxMs,
      },
      ...(await liveInstanceOf(deps, input.tenantId)),
      input,
    };
  });
}

async function liveInstanceOf(
  deps: ActivityDeps,
  tenantId: string,
): Promise<Pick<ProvisioningSettings, 'liveInstance'>> {
  const instance = await deps.store.getInstance(tenantId);
  if (!isProvisioned(instance)) return {};
  return {
    liveInstance: {
      jobId: instance.jobId,
      status: instance.status,
      resources: instance.resources,
      activatedAt: instance.activatedAt,
    },
  };
}

/** The job's input, or a non-retryable `InvalidInput` naming every bad field (the workflow fails with it). */
function parseJobInput(raw: unknown): ProvisionTenantInput {
  return parseInput(ProvisionTenantInputSchema, raw, 'provisionTenant');
}

/** Mirrors the job's `progress` into the store's job projection (the store ignores out-of-order snapshots). */
export async function recordJobSnapshot(deps: ActivityDeps, rawInput: JobSnapshot): Promise<void> {
  const input = parseInput(JobSnapshotSchema, rawInput, 'recordJobSnapshot');
  return runActivity(deps, 'recordJobSnapshot', async () => {
    const { progress } = input;
    const job: JobRecord = {
      jobId: progress.jobId,
      tenantId: progress.tenantId,
      plan: input.plan,
      ownerEmail: input.ownerEmail,
      requestedBy: input.requestedBy,
      status: progress.status,
      currentStep: progress.currentStep,
      totalSteps: progress.totalSteps,
      completedSteps: progress.completedSteps,
      retryCount: progress.retryCount,
      maxRetries: progress.maxRetries,
      failedStep: progress.error?.step ?? null,
      errorType: progress.error?.type ?? null,
      errorMessage: progress.error?.message ?? null,
      lastActionBy: input.lastActionBy ?? null,
      startedAt: progress.startedAt,
      finishedAt: progress.finishedAt,
      updatedAt: nowOf(deps).toISOString(),
      progress: rawInput.progress,
    };
    await deps.store.upsertJob(job);
    // A finished run leaves its metrics record (the same record again on a repeated final snapshot), and is observed
    // once in the Prometheus job and step duration histograms.
    const metrics = provisioningMetricsOf(job);
    if (metrics) {
      await deps.store.recordProvisioningMetrics(metrics);
      observeFinishedJob(metrics);
    }
  });
}

/**
 * Checks the requester's quota (`maxInstancesPerRequester` live instances, not counting this tenant's own) and
 * records the tenant's instance as `provisioning`, reserved by this run (`reservedBy`): a reservation left by an
 * earlier run that never finished is taken over. TenantQuotaExceeded when over quota; ResourceConflict when the
 * tenant already has an instance that is past provisioning (both non-retryable).
 */
export async function reserveQuota(deps: ActivityDeps, rawInput: ReserveQuotaInput): Promise<Attempted> {
  const input = parseInput(ReserveQuotaInputSchema, rawInput, 'reserveQuota');
  return runActivity(deps, 'reserveQuota', async (scope) => {
    const existing = await deps.store.getInstance(input.tenantId);
    const ownLive = existing !== undefined && LIVE_INSTANCE_STATUSES.includes(existing.status);
    if (ownLive && existing.status !== 'provisioning') {
      throw ApplicationFailure.create({
        type: FailureType.ResourceConflict,
        message: `tenant ${input.tenantId} already has a ${existing.status} instance (job ${existing.jobId})`,
        nonRetryable: true,
        details: [{ attempt: scope.attempt }],
      });
    }
    const live = await deps.store.countLiveInstancesByRequester(input.requestedBy);
    const others = live - (ownLive && existing.requestedBy === input.requestedBy ? 1 : 0);
    const max = deps.config.provisioning.maxInstancesPerRequester;
    if (others >= max) {
      throw ApplicationFailure.create({
        type: FailureType.TenantQuotaExceeded,
        message: `${input.requestedBy} already has ${others} live instances (limit ${max})`,
        nonRetryable: true,
        details: [{ requestedBy: input.requestedBy, live: others, limit: max, attempt: scope.attempt }],
      });
    }
    const now = nowOf(deps).toISOString();
    const instance: InstanceRecord = {
      tenantId: input.tenantId,
      name: input.name,
      plan: input.plan,
      ownerEmail: input.ownerEmail,
      ownerName: input.ownerName,
      requestedBy: input.requestedBy,
      region: input.region ?? null,
      status: 'provisioning',
      resources: ownLive ? existing.resources : {},
      jobId: input.jobId,
      createdAt: ownLive ? existing.createdAt : now,
      updatedAt: now,
      activatedAt: null,
      lastHealthCheckAt: null,
      unhealthySince: null,
      reservedBy: input.reservedBy ?? input.jobId,
    };
    // Counted and written in one store transaction: no two workers can take the last slot (common/quota-policy.ts).
    const violation = await deps.store.reserveInstance(instance, deps.config.provisioning.quotas, now);
    if (violation) {
      throw ApplicationFailure.create({
        type: FailureType.TenantQuotaExceeded,
        message: describeViolation(violation, input.requestedBy),
        nonRetryable: true,
        details: [violation],
      });
    }
    return { attempt: scope.attempt };
  });
}

/**
 * Compensation of reserveQuota: the tenant's instance becomes `removed`, but only while it is still `provisioning`
 * and reserved by this run. Anything else (absent, removed, activated, or another run's reservation) is left as it
 * is: a compensation never touches a live tenant or what another run owns.
 */
export async function releaseReservation(deps: ActivityDeps, rawInput: ReleaseReservationInput): Promise<void> {
  const input = parseInput(ReleaseReservationInputSchema, rawInput, 'releaseReservation');
  return runActivity(deps, 'releaseReservation', async (scope) => {
    const instance = await deps.store.getInstance(input.tenantId);
    if (!instance || instance.status !== 'provisioning') {
      if (instance && instance.status !== 'removed') {
        scope.logger.warn('reservation not released: the instance is past provisioning', {
          tenantId: input.tenantId,
          instanceStatus: instance.status,
        });
      }
      return;
    }
    const owner = instance.reservedBy ?? instance.jobId;
    const mine = input.reservedBy ?? input.jobId;
    if (owner !== mine && !(instance.reservedBy == null && instance.jobId === input.jobId)) {
      scope.logger.warn('reservation not released: another run holds it', { tenantId: input.tenantId, owner });
      return;
    }
    await deps.store.updateInstance(input.tenantId, { status: 'removed', updatedAt: nowOf(deps).toISOString() });
    scope.logger.info('released reservation', { tenantId: input.tenantId, jobStatus: input.status });
  });
}

/** Marks the tenant's instance `active` with its resources and activation time (kept on a retry). */
export async function activateInstance(deps: ActivityDeps, rawInput: ActivateInstanceInput): Promise<Attempted> {
  const input = parseInput(ResourcesInputSchema, rawInput, 'activateInstance');
  return runActivity(deps, 'activateInstance', async (scope) => {
    const instance = await deps.store.getInstance(input.tenantId);
    if (!instance) {
      throw ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `tenant ${input.tenantId} has no instance record to activate (reserveQuota did not run)`,
        nonRetryable: true,
      });
    }
    const now = nowOf(deps).toISOString();
    await deps.store.updateInstance(input.tenantId, {
      status: 'active',
      resources: rawInput.resources,
      activatedAt: instance.activatedAt ?? now,
      updatedAt: now,
      jobId: input.jobId,
    });
    return { attempt: scope.attempt };
  });
}

/** Records a compensation that failed after its attempts, for the orphan scan and admins. */
export async function recordLeak(deps: ActivityDeps, rawInput: RecordLeakInput): Promise<void> {
  const input = parseInput(RecordLeakInputSchema, rawInput, 'recordLeak');
  return runActivity(deps, 'recordLeak', async (scope) => {
    await deps.store.recordLeak({
      jobId: input.jobId,
      tenantId: input.tenantId,
      step: input.step,
      resources: rawInput.resources,
      error: input.error,
      recordedAt: nowOf(deps).toISOString(),
    });
    scope.logger.warn('compensation leaked a resource', { tenantId: input.tenantId, step: input.step });
  });
}
