import { describeIssues, type FieldIssue } from '../../common/input-issues';

export type { FieldIssue } from '../../common/input-issues';
/**
 * Typed errors of the client library. Every error carries a stable `code` string: callers (the HTTP API, the CLI,
 * Brain) match on `code` with {@link hasErrorCode}, never with `instanceof`, which breaks across module realms.
 */

export const ClientErrorCode = {
  InvalidInput: 'invalid_input',
  JobNotFound: 'job_not_found',
  JobNotFailed: 'job_not_failed',
  JobNotRunning: 'job_not_running',
  ProgressUnavailable: 'progress_unavailable',
  StoreInconsistent: 'store_inconsistent',
} as const;
export type ClientErrorCodeName = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** Base class: a message for humans, a `code` for programs, and the original error as `cause`. */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClientError';
  }
}

/** The input failed validation; `issues` names every invalid field. */
export class ValidationError extends ClientError {
  constructor(readonly issues: FieldIssue[]) {
    super(ClientErrorCode.InvalidInput, `Invalid input: ${describeIssues(issues)}`);
    this.name = 'ValidationError';
  }
}

/** No provisioning job has this ID (or the ID is not a provisioning job ID at all). */
export class JobNotFoundError extends ClientError {
  constructor(
    readonly jobId: string,
    options?: { cause?: unknown },
  ) {
    super(ClientErrorCode.JobNotFound, `No provisioning job ${JSON.stringify(jobId)}`, options);
    this.name = 'JobNotFoundError';
  }
}

/** `retry` only applies to a job whose progress status is `failed`. */
export class JobNotRetryableError extends ClientError {
  constructor(
    readonly jobId: string,
    readonly status: string,
  ) {
    super(ClientErrorCode.JobNotFailed, `Job ${jobId} is ${status}; only a failed job can be retried`);
    this.name = 'JobNotRetryableError';
  }
}

/** Cancellation only applies to a job whose workflow is still running. */
export class JobNotRunningError extends ClientError {
  constructor(
    readonly jobId: string,
    readonly executionStatus: string,
  ) {
    super(ClientErrorCode.JobNotRunning, `Job ${jobId} is no longer running (${executionStatus.toLowerCase()})`);
    this.name = 'JobNotRunningError';
  }
}

/** The `progress` query could not be answered (no worker polling, server unreachable). */
export class ProgressUnavailableError extends ClientError {
  constructor(
    readonly jobId: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(ClientErrorCode.ProgressUnavailable, `Progress of ${jobId} is unavailable${reason}`, options);
    this.name = 'ProgressUnavailableError';
  }
}

/** The store contradicts Temporal: destructive admin work (orphan scans and cleanups) refuses to run. */
export class StoreInconsistentError extends ClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ClientErrorCode.StoreInconsistent, message, options);
    this.name = 'StoreInconsistentError';
  }
}

/** True when `err` is an error object carrying this `code` (any realm, any class). */
export function hasErrorCode(err: unknown, code: string): boolean {
  return errorCode(err) === code;
}

/** The `code` string of an error object, if it has one. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `err` is an error whose `name` is `name` (Temporal SDK errors set it; safe across realms). */
export function hasErrorName(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name;
}
