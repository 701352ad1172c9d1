/**
 * Following a job: poll the `progress` query until the job settles. Pure over injected functions so the loop is
 * unit-tested without a server.
 */
import type { JobStatus, ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import { ClientErrorCode, errorCode } from './errors';

/** Statuses after which the workflow has ended. */
export const FINAL_STATUSES: readonly JobStatus[] = ['completed', 'cancelled', 'cleaned_up'];

/** True when the job has ended, or (with `stopOnFailed`) waits for a human after a failure. */
export function isSettled(status: JobStatus, stopOnFailed = true): boolean {
  return FINAL_STATUSES.includes(status) || (stopOnFailed && status === 'failed');
}

export interface WaitOptions {
  /** Poll interval; default 500 ms. */
  intervalMs?: number;
  /**
   * Return when the job reaches `failed` (it then waits for a `retry` until the cleanup grace passes, possibly
   * 24 hours). Default true; false waits until the workflow ends (completed, cancelled, cleaned_up).
   */
  stopOnFailed?: boolean;
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

export interface PollDeps {
  getProgress(jobId: string): Promise<ProvisioningProgress>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Resolves once the workflow has closed. The job publishes its final status just before it closes, so a caller
   * that acts on `completed`/`cancelled`/`cleaned_up` (e.g. starts the tenant again) must not run ahead of the close.
   */
  waitClosed?(jobId: string): Promise<void>;
}

/**
 * Calls `onProgress` after every successful poll (also when nothing changed, so an ETA can count down) and
 * resolves with the settled progress. A job that is not found rejects at once (`job_not_found`); an unanswered
 * query (`progress_unavailable`, e.g. no worker polling for a moment) is retried at the next interval.
 */
export async function pollUntilSettled(
  deps: PollDeps,
  jobId: string,
  onProgress: (progress: ProvisioningProgress) => void,
  options: WaitOptions = {},
): Promise<ProvisioningProgress> {
  const intervalMs = options.intervalMs ?? 500;
  const stopOnFailed = options.stopOnFailed ?? true;
  for (;;) {
    options.signal?.throwIfAborted();
    let progress: ProvisioningProgress | undefined;
    try {
      progress = await deps.getProgress(jobId);
    } catch (err) {
      if (errorCode(err) !== ClientErrorCode.ProgressUnavailable) throw err;
    }
    if (progress) {
      onProgress(progress);
      if (isSettled(progress.status, stopOnFailed)) {
        if (FINAL_STATUSES.includes(progress.status)) await deps.waitClosed?.(jobId);
        return progress;
      }
    }
    await deps.sleep(intervalMs, options.signal);
  }
}

/** A sleep that rejects with the signal's reason when aborted. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
