/**
 * The frame every activity runs its provider calls in: input validation at the boundary, a call scope (correlation
 * ID, attempt, cancellation) and one classification point for every error a provider call throws.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { runInScope, scopeForCurrentActivity, withOperation, type CallScope } from './call-context';
import { toActivityFailure } from './errors';
import type { ActivityDeps } from './deps';

export { parseInput } from './invalid-input';

/** Provider names used in logs, failure details and metrics. */
export type ProviderName = 'convex' | 'convex_deployment' | 'workos' | 'cloudflare' | 'sendgrid' | 'site' | 'store';

/**
 * Runs an activity body inside a call scope built from the activity context (or, outside an activity, from
 * `label`), so every HTTP request it makes carries the correlation ID. Whatever escapes the body leaves as an
 * `ApplicationFailure` with a contract type (or as the activity's cancellation).
 */
export async function runActivity<T>(
  deps: ActivityDeps,
  label: string,
  fn: (scope: CallScope) => Promise<T>,
): Promise<T> {
  const scope = scopeForCurrentActivity(deps.logger, label);
  try {
    return await runInScope(scope, () => fn(scope));
  } catch (err) {
    throw asContractError(err, scope, 'internal', label);
  }
}

function asContractError(err: unknown, scope: CallScope, provider: string, operation: string): unknown {
  if (isFailureOrCancellation(err)) return err;
  if (scope.signal?.aborted)
    return new CancelledFailure(`${operation} cancelled`, [], err instanceof Error ? err : undefined);
  return toActivityFailure(err, { provider, operation, attempt: scope.attempt });
}

function isFailureOrCancellation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = (err as { name?: unknown }).name;
  return name === 'ApplicationFailure' || name === 'CancelledFailure';
}

/**
 * Calls a provider: the operation name goes on the request log line; any error becomes the contract's
 * `ApplicationFailure` (see errors.ts). `ApplicationFailure`s thrown by `fn` pass through.
 */
export async function providerCall<T>(
  scope: CallScope,
  provider: ProviderName,
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await withOperation(operation, fn);
  } catch (err) {
    const failure = asContractError(err, scope, provider, operation);
    if (failure instanceof ApplicationFailure && failure !== err) {
      scope.logger.warn('provider call failed', {
        provider,
        operation,
        failureType: failure.type,
        message: failure.message,
      });
    }
    throw failure;
  }
}

/** The clock of the deps (tests pin it). */
export function nowOf(deps: Pick<ActivityDeps, 'now'>): Date {
  return deps.now ? deps.now() : new Date();
}
