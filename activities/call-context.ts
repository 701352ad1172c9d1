/**
 * The context of one provider call, carried through the SDKs' promise chains by AsyncLocalStorage: the job's
 * correlation ID (from Brain's request, through the workflow: common/correlation.ts) sent as `X-Correlation-Id`, the
 * attempt's own request ID sent as `X-Request-Id`, both on every log line with the job, tenant, step and attempt; the
 * operation name; and the activity's cancellation signal (so an in-flight request is aborted when Temporal cancels
 * the activity).
 *
 * Real clients are built once per worker; the context is what makes their requests traceable per activity attempt.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { currentCorrelationId } from '../common/correlation';
import type { Logger } from '../common/logging';
import { tenantIdFromJobId } from '../workflows/contracts/provision-tenant';

export interface CallScope {
  /** The job's correlation ID inside an activity (its attempt's request ID when the job has none); outside one, the
   * correlation ID in scope (an API request) or `<label>/<uuid>`. */
  correlationId: string;
  /** `<workflowId>/<activityId>/<attempt>` inside an activity: one attempt's calls. Equals the correlation ID outside. */
  requestId: string;
  attempt: number;
  logger: Logger;
  /** Aborts in-flight requests (activity cancellation). */
  signal?: AbortSignal;
  /** Name of the provider operation in progress, e.g. `createProject`; set by {@link withOperation}. */
  operation?: string;
}

const storage = new AsyncLocalStorage<CallScope>();

/** The scope of the call in progress, if any. */
export function currentScope(): CallScope | undefined {
  return storage.getStore();
}

/** Runs `fn` with `scope` as the current call scope. */
export function runInScope<T>(scope: CallScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

/** Runs `fn` with the current scope's operation set to `operation` (for the log line of each HTTP request). */
export function withOperation<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  if (!scope) return fn();
  return storage.run({ ...scope, operation }, fn);
}

/** True when running inside a Temporal activity (or a MockActivityEnvironment). */
export function inActivity(): boolean {
  try {
    Context.current();
    return true;
  } catch {
    return false;
  }
}

/**
 * The scope of the current activity attempt, built from `Context.current().info`; outside an activity (admin CLI
 * cleanup), a fresh correlation ID prefixed with `label`.
 */
export function scopeForCurrentActivity(logger: Logger, label: string): CallScope {
  if (!inActivity()) {
    const correlationId = currentCorrelationId() ?? `${label}/${randomUUID()}`;
    return { correlationId, requestId: correlationId, attempt: 1, logger: logger.child({ correlationId }) };
  }
  const context = Context.current();
  const { info } = context;
  const workflowId = info.workflowExecution?.workflowId ?? 'standalone';
  const requestId = `${workflowId}/${info.activityId}/${info.attempt}`;
  const correlationId = currentCorrelationId() ?? requestId;
  const tenantId = tenantIdFromJobId(workflowId);
  return {
    correlationId,
    requestId,
    attempt: info.attempt,
    logger: logger.child({
      correlationId,
      requestId,
      jobId: workflowId,
      ...(tenantId ? { tenantId } : {}),
      step: info.activityType,
      attempt: info.attempt,
    }),
    signal: context.cancellationSignal,
  };
}

/**
 * `<jobId>:<runId>` inside an activity (unique per run of a job: a tenant provisioned again after a cleanup gets new
 * keys), `<jobId>` outside one.
 */
export function jobRunKey(jobId: string): string {
  if (!inActivity()) return jobId;
  return `${jobId}:${Context.current().info.workflowExecution?.runId ?? 'no-run'}`;
}
