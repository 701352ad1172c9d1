/** Builds `progress` query results for the client's pure unit tests. */
import {
  PROVISIONING_STEPS,
  type ProvisioningProgress,
  type StepProgress,
} from '../../../workflows/contracts/provision-tenant';

export const T0 = Date.parse('2025-01-01T10:00:00.000Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A running job with `completed` steps done (1 s each) and the next one running. */
export function progressFixture(overrides: Partial<ProvisioningProgress> = {}, completed = 5): ProvisioningProgress {
  const steps: StepProgress[] = PROVISIONING_STEPS.map((name, index) => ({
    name,
    status: index < completed ? 'completed' : index === completed ? 'running' : 'pending',
    startedAt: index <= completed ? iso(T0 + index * 1000) : null,
    finishedAt: index < completed ? iso(T0 + (index + 1) * 1000) : null,
    attempts: index <= completed ? 1 : 0,
    error: null,
  }));
  return {
    jobId: 'provision-acme',
    tenantId: 'acme',
    status: 'running',
    currentStep: PROVISIONING_STEPS[completed] ?? null,
    totalSteps: PROVISIONING_STEPS.length,
    completedSteps: completed,
    percent: Math.round((completed / PROVISIONING_STEPS.length) * 100),
    steps,
    startedAt: iso(T0),
    estimatedCompletionAt: iso(T0 + 20_000),
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
