/**
 * Starting the admin workflows (`cleanupOrphans`, `resendEmails`) from the API and the CLI: both go through
 * Temporal (the API and the CLI call no provider themselves), wait for the result, and map the workflow's
 * `InvalidInput` failure to the library's `ValidationError`.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  cleanupOrphansWorkflowId,
  resendEmailsWorkflowId,
  type CleanupOrphansInput,
  type CleanupOrphansResult,
  type ResendEmailsInput,
  type ResendEmailsResult,
} from '../../workflows/contracts/admin-workflows';
import { cleanupOrphans } from '../../workflows/cleanup-orphans';
import { resendEmails } from '../../workflows/resend-emails';
import { FailureType, tenantIdFromJobId } from '../../workflows/contracts/provision-tenant';
import { JobNotFoundError, StoreInconsistentError, ValidationError } from './errors';

export interface AdminWorkflowOptions {
  client: Client;
  taskQueue: string;
}

interface FailureCause {
  type?: string;
  message?: string;
  details?: unknown[];
  cause?: FailureCause;
}

/** The `InvalidInput` or `StoreInconsistent` failure a workflow ended with, as the library's errors. */
function asClientError(err: unknown): unknown {
  // The workflow's own failure, or the activity failure it let through.
  let cause = (err as { cause?: FailureCause }).cause;
  if (cause && cause.type === undefined && cause.cause) cause = cause.cause;
  const message = cause?.message ?? 'invalid input';
  if (cause?.type === FailureType.InvalidInput) {
    const fields = (cause.details?.[0] as { fields?: unknown } | undefined)?.fields;
    const path = Array.isArray(fields) && typeof fields[0] === 'string' ? fields[0] : '(input)';
    return new ValidationError([{ path, message }]);
  }
  if (cause?.type === FailureType.StoreInconsistent) return new StoreInconsistentError(message, { cause: err });
  return err;
}

/** Runs `cleanupOrphans` (a dry run unless `dryRun: false`) and returns what it did. */
export async function runOrphanCleanup(
  options: AdminWorkflowOptions,
  input: CleanupOrphansInput,
): Promise<CleanupOrphansResult> {
  try {
    return await options.client.workflow.execute(cleanupOrphans, {
      workflowId: cleanupOrphansWorkflowId(randomUUID()),
      taskQueue: options.taskQueue,
      args: [input],
    });
  } catch (err) {
    throw asClientError(err);
  }
}

/** Runs `resendEmails` for a completed job and returns which emails were sent and skipped. */
export async function runResendEmails(
  options: AdminWorkflowOptions,
  input: ResendEmailsInput,
): Promise<ResendEmailsResult> {
  if (tenantIdFromJobId(input.jobId) === undefined) throw new JobNotFoundError(input.jobId);
  try {
    return await options.client.workflow.execute(resendEmails, {
      workflowId: resendEmailsWorkflowId(input.jobId, randomUUID()),
      taskQueue: options.taskQueue,
      args: [input],
    });
  } catch (err) {
    throw asClientError(err);
  }
}
