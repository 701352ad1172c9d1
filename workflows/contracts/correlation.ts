/**
 * How a job's correlation ID travels through Temporal (docs/METRICS.md, "Following one job"): the Temporal header
 * `correlation-id` on the start, on every signal and on every activity the workflow schedules, and the memo field
 * `correlationId` of the job so that the Temporal UI shows it. Set by interceptors, never by hand in a call:
 * client/correlation-interceptor.ts, workflows/interceptors/correlation.ts, worker/correlation-interceptor.ts.
 */

/** Name of the Temporal header holding the correlation ID. */
export const CORRELATION_HEADER = 'correlation-id';

/** Memo field of a job started through our clients: the correlation ID of the request that started it. */
export const CORRELATION_MEMO_FIELD = 'correlationId';

/** A job started without one (Temporal UI, `temporal workflow start`) is correlated by its first run's ID. */
export function fallbackCorrelationId(firstExecutionRunId: string): string {
  return `run-${firstExecutionRunId}`;
}
