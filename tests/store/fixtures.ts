/**
 * Builders of valid store records for the store tests; each takes overrides so a test states only what it checks.
 */
import {
  PROVISIONING_STEPS,
  provisionWorkflowId,
  type ProvisioningProgress,
  type StepProgress,
} from '../../workflows/contracts/provision-tenant';
import type { OrphanRecord } from '../../activities/contract';
import type { InstanceRecord, JobRecord, ProvisioningMetricsRecord } from '../../store/port';

/** `base` plus `seconds`, as canonical ISO. */
export function at(base: string, seconds: number): string {
  return new Date(Date.parse(base) + seconds * 1000).toISOString();
}

export function makeInstance(overrides: Partial<InstanceRecord> & { tenantId: string }): InstanceRecord {
  return {
    name: `Tenant ${overrides.tenantId}`,
    plan: 'pro',
    ownerEmail: `owner@${overrides.tenantId}.example`,
    ownerName: 'Ada Owner',
    requestedBy: 'brain',
    region: null,
    status: 'active',
    resources: { workosOrganizationId: `org_${overrides.tenantId}`, convexProjectId: 42 },
    jobId: provisionWorkflowId(overrides.tenantId),
    createdAt: '2025-01-10T12:00:00.000Z',
    updatedAt: '2025-01-10T12:00:00.000Z',
    activatedAt: null,
    lastHealthCheckAt: null,
    unhealthySince: null,
    ...overrides,
  };
}

/** Steps of a job whose first `completed` steps each took `stepSeconds`, starting at `startedAt`. */
export function makeSteps(startedAt: string, completed: number, stepSeconds = 10): StepProgress[] {
  return PROVISIONING_STEPS.map((name, index) => {
    const done = index < completed;
    return {
      name,
      status: done ? 'completed' : index === completed ? 'running' : 'pending',
      startedAt: index <= completed ? at(startedAt, index * stepSeconds) : null,
      finishedAt: done ? at(startedAt, (index + 1) * stepSeconds) : null,
      attempts: index <= completed ? 1 : 0,
      error: null,
    };
  });
}

export function makeProgress(overrides: Partial<ProvisioningProgress> & { tenantId: string }): ProvisioningProgress {
  const startedAt = overrides.startedAt ?? '2025-01-10T12:00:00.000Z';
  const steps = overrides.steps ?? makeSteps(startedAt, 2);
  const completedSteps = steps.filter((step) => step.status === 'completed').length;
  return {
    jobId: provisionWorkflowId(overrides.tenantId),
    status: 'running',
    currentStep: steps.find((step) => step.status === 'running')?.name ?? null,
    totalSteps: steps.length,
    completedSteps,
    percent: Math.round((completedSteps / steps.length) * 100),
    steps,
    startedAt,
    estimatedCompletionAt: null,
    finishedAt: null,
    retryCount: 0,
    maxRetries: 3,
    cleanupAt: null,
    resources: {},
    error: null,
    leaks: [],
    retries: [],
    ...overrides,
  };
}

export function makeJob(overrides: Partial<JobRecord> & { tenantId: string }): JobRecord {
  const startedAt = overrides.startedAt ?? '2025-01-10T12:00:00.000Z';
  const progress = overrides.progress ?? makeProgress({ tenantId: overrides.tenantId, startedAt });
  return {
    jobId: provisionWorkflowId(overrides.tenantId),
    plan: 'pro',
    ownerEmail: `owner@${overrides.tenantId}.example`,
    requestedBy: 'brain',
    status: progress.status,
    currentStep: progress.currentStep,
    totalSteps: progress.totalSteps,
    completedSteps: progress.completedSteps,
    retryCount: 0,
    maxRetries: 3,
    failedStep: null,
    errorType: null,
    errorMessage: null,
    lastActionBy: null,
    startedAt,
    finishedAt: null,
    updatedAt: startedAt,
    progress,
    ...overrides,
  };
}

export function makeOrphan(overrides: Partial<OrphanRecord> & { id: string }): OrphanRecord {
  const tenantId = overrides.tenantId ?? 'lost-tenant';
  return {
    provider: 'convex',
    name: `tenant-${tenantId}`,
    tenantId,
    createdAt: '2025-01-09T00:00:00.000Z',
    ageMs: 86_400_000,
    likelyJobId: provisionWorkflowId(tenantId),
    detectedAt: '2025-01-10T00:00:00.000Z',
    ...overrides,
  };
}

/** A finished run's metrics record (completed in a minute, no fault) with `overrides`. */
export function makeMetricsRecord(overrides: Partial<ProvisioningMetricsRecord> = {}): ProvisioningMetricsRecord {
  return {
    jobId: 'provision-x',
    tenantId: 'x',
    plan: 'pro',
    outcome: 'completed',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    durationMs: 60_000,
    failedStep: null,
    errorType: null,
    failures: [],
    attempts: 9,
    retries: 0,
    hitFault: false,
    autoRecovered: false,
    stepDurationsMs: {},
    ...overrides,
  };
}
