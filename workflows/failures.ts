/**
 * Turns what an activity threw into the contract's StepError, keeping the ApplicationFailure type (never a
 * flattened string) and the attempt count the activity reported in its failure details.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure, isCancellation } from '@temporalio/workflow';
import type { StepError } from './contracts/provision-tenant';

export interface DescribedFailure {
  error: StepError;
  attempts: number;
}

export function describeFailure(err: unknown, fallbackAttempts: number): DescribedFailure {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    return {
      error: { type: cause.type ?? 'Error', message: cause.message, nonRetryable: cause.nonRetryable === true },
      attempts: attemptFromDetails(cause.details) ?? fallbackAttempts,
    };
  }
  if (cause instanceof TimeoutFailure) {
    return {
      error: { type: 'ActivityTimeout', message: `timed out (${cause.timeoutType})`, nonRetryable: false },
      attempts: fallbackAttempts,
    };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { error: { type: 'Error', message, nonRetryable: false }, attempts: fallbackAttempts };
}

function attemptFromDetails(details: unknown[] | undefined | null): number | undefined {
  const first = details?.[0];
  if (first && typeof first === 'object' && 'attempt' in first) {
    const attempt = (first as { attempt: unknown }).attempt;
    if (typeof attempt === 'number') return attempt;
  }
  return undefined;
}

export { isCancellation };
