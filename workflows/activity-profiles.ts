/**
 * Named activity option profiles (CONVENTIONS 5), built from the job's settings so durations stay configuration.
 * - `provisioning`: provider calls; exponential backoff, `maximumAttempts` from settings, permanent types not retried.
 * - `longRunning`: deployment waits; same retries plus a heartbeat timeout so a dead worker is noticed quickly.
 * - `compensation`: deletes; more attempts, then the workflow reports a leak.
 * - `fast`: local activities for settings and store writes.
 * Every remote profile waits for a cancelled activity to finish, so compensation never races a create still in flight.
 */
import { ActivityCancellationType, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { ProvisioningSettings } from '../activities/contract';
import { NON_RETRYABLE_FAILURE_TYPES } from './contracts/provision-tenant';

const HEARTBEAT_TIMEOUT_MS = 30_000;

function retryPolicy(settings: ProvisioningSettings, maximumAttempts: number): ActivityOptions['retry'] {
  return {
    maximumAttempts,
    initialInterval: settings.retry.initialIntervalMs,
    backoffCoefficient: settings.retry.backoffCoefficient,
    maximumInterval: settings.retry.maximumIntervalMs,
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  };
}

export function provisioningProfile(settings: ProvisioningSettings): ActivityOptions {
  return {
    startToCloseTimeout: settings.activityTimeoutMs,
    retry: retryPolicy(settings, settings.retry.maximumAttempts),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  };
}

export function longRunningProfile(settings: ProvisioningSettings): ActivityOptions {
  return {
    startToCloseTimeout: settings.deploymentTimeoutMs,
    heartbeatTimeout: Math.min(HEARTBEAT_TIMEOUT_MS, settings.deploymentTimeoutMs),
    retry: retryPolicy(settings, settings.retry.maximumAttempts),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  };
}

/**
 * The ready and welcome emails run after the commit point, where a failure can no longer fail the job: they retry
 * on their own, longer policy (NOTIFICATION_MAX_ATTEMPTS and its backoff); histories from before it use the
 * provider policy.
 */
export function notificationProfile(settings: ProvisioningSettings): ActivityOptions {
  const retry = settings.notificationRetry ?? settings.retry;
  return {
    startToCloseTimeout: settings.activityTimeoutMs,
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: retry.maximumIntervalMs,
      nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
    },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  };
}

export function compensationProfile(settings: ProvisioningSettings): ActivityOptions {
  return {
    startToCloseTimeout: settings.activityTimeoutMs,
    retry: retryPolicy(settings, settings.compensationMaxAttempts),
  };
}

/**
 * The admin workflows (`cleanupOrphans`, `resendEmails`): fixed, short retries of transient failures; an admin
 * waits for the answer, so a provider outage fails the run (and it is started again) rather than hanging it.
 */
export const adminProfile: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    maximumAttempts: 5,
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
};

export const fastProfile: LocalActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 5, initialInterval: '200ms', backoffCoefficient: 2 },
};
