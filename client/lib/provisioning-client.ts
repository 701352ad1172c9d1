/**
 * The typed library Brain imports: start, follow, retry, cancel and list tenant provisioning jobs. Temporal is the
 * source of truth: every read is a `progress` query or a visibility query, never a cached copy.
 */
import type { Client, WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  progressQuery,
  provisionWorkflowId,
  retrySignal,
  TASK_QUEUE,
  tenantIdFromJobId,
  type ProvisionTenantInput,
  type ProvisioningProgress,
} from '../../workflows/contracts/provision-tenant';
import {
  ProvisioningStatusAttribute,
  ProvisioningStepAttribute,
  TenantIdAttribute,
  TenantPlanAttribute,
} from '../../workflows/contracts/search-attributes';
import { provisionTenant } from '../../workflows/provision-tenant';
import {
  hasErrorName,
  JobNotFoundError,
  JobNotRetryableError,
  JobNotRunningError,
  ProgressUnavailableError,
} from './errors';
import { parseProvisionInput, parseWith } from './input';
import { buildJobListQuery, JobListFilterSchema, toJobSummary, type JobListFilter, type JobSummary } from './job-query';
import { FINAL_STATUSES, abortableSleep, pollUntilSettled, type WaitOptions } from './wait-for-completion';

export interface TenantProvisioningClientOptions {
  client: Client;
  /** Task queue of the provisioning worker; default `tenant-provisioning`. */
  taskQueue?: string;
  /** Deadline of each `progress` query; default 10 s (a query with no worker polling would otherwise hang). */
  queryTimeoutMs?: number;
}

export interface StartedJob {
  jobId: string;
  runId: string;
  /** True when a job for this tenant was already running or had completed: nothing new was started. */
  existing: boolean;
  /** Temporal execution state of the returned run. */
  executionStatus: 'RUNNING' | 'COMPLETED';
}

export interface RetryResult {
  jobId: string;
  requestedBy: string;
  /** Admin retries taken before this one. */
  previousRetryCount: number;
}

export interface TenantProvisioningClient {
  startProvisioning(input: unknown): Promise<StartedJob>;
  getProgress(jobId: string): Promise<ProvisioningProgress>;
  retry(jobId: string, requestedBy: string): Promise<RetryResult>;
  cancel(jobId: string): Promise<{ jobId: string }>;
  list(filter?: JobListFilter): Promise<JobSummary[]>;
  waitForCompletion(
    jobId: string,
    onProgress?: (progress: ProvisioningProgress) => void,
    options?: WaitOptions,
  ): Promise<ProvisioningProgress>;
}

/**
 * Builds the library over a connected Temporal `Client` (the caller owns and closes the connection).
 *
 * - `startProvisioning` validates the input (`ValidationError`, code `invalid_input`, naming every field) and
 *   starts the real `provisionTenant` workflow with ID `provision-<tenantId>`. Idempotent per tenant: a running
 *   job or a completed one is returned with `existing: true`; a job that ended failed, cancelled or terminated is
 *   started again (reuse policy ALLOW_DUPLICATE_FAILED_ONLY, conflict policy USE_EXISTING).
 * - `getProgress` runs the `progress` query (closed workflows answer too while their history is retained).
 * - `retry` sends the `retry` signal to a job whose status is `failed` (`job_not_failed` otherwise).
 * - `cancel` requests Temporal cancellation of a running job (`job_not_running` once it has closed or published its
 *   final status).
 * - `list` reads Temporal visibility through the contract's search attributes (eventually consistent).
 * - `waitForCompletion` polls `progress` until the job settles (see {@link WaitOptions}).
 * Unknown job IDs reject with `job_not_found` everywhere.
 */
export function createTenantProvisioningClient(options: TenantProvisioningClientOptions): TenantProvisioningClient {
  const { client } = options;
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const queryTimeoutMs = options.queryTimeoutMs ?? 10_000;

  /** A handle to the job's latest run; rejects at once for IDs that are not provisioning job IDs. */
  function jobHandle(jobId: string): WorkflowHandle<typeof provisionTenant> {
    if (tenantIdFromJobId(jobId) === undefined) throw new JobNotFoundError(jobId);
    return client.workflow.getHandle<typeof provisionTenant>(jobId);
  }

  async function describeJob(jobId: string): Promise<WorkflowExecutionDescription | undefined> {
    try {
      return await jobHandle(jobId).describe();
    } catch (err) {
      if (hasErrorName(err, 'WorkflowNotFoundError')) return undefined;
      throw err;
    }
  }

  async function startProvisioning(rawInput: unknown): Promise<StartedJob> {
    const input = parseProvisionInput(rawInput);
    const jobId = provisionWorkflowId(input.tenantId);
    const current = await describeJob(jobId);
    if (current?.status.name === 'RUNNING' || current?.status.name === 'COMPLETED') {
      return { jobId, runId: current.runId, existing: true, executionStatus: current.status.name };
    }
    try {
      const handle = await client.workflow.start(provisionTenant, {
        workflowId: jobId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        // The Temporal UI shows it beside the job (its live details come from the workflow itself).
        staticSummary: jobSummaryText(input),
        typedSearchAttributes: [
          { key: TenantIdAttribute, value: input.tenantId },
          { key: TenantPlanAttribute, value: input.plan },
          { key: ProvisioningStatusAttribute, value: 'running' },
          { key: ProvisioningStepAttribute, value: 'reserveQuota' },
        ],
      });
      // USE_EXISTING: a start racing another one for the same tenant gets that run's ID, never a second run (the
      // SDK does not say which call created it, so both may report existing: false).
      return { jobId, runId: handle.firstExecutionRunId, existing: false, executionStatus: 'RUNNING' };
    } catch (err) {
      // The job completed between our describe and our start: the reuse policy refuses a second run.
      if (!hasErrorName(err, 'WorkflowExecutionAlreadyStartedError')) throw err;
      const completed = await describeJob(jobId);
      if (!completed) throw err;
      return { jobId, runId: completed.runId, existing: true, executionStatus: 'COMPLETED' };
    }
  }

  async function getProgress(jobId: string): Promise<ProvisioningProgress> {
    const handle = jobHandle(jobId);
    try {
      return await client.withDeadline(Date.now() + queryTimeoutMs, () => handle.query(progressQuery));
    } catch (err) {
      if (hasErrorName(err, 'WorkflowNotFoundError')) throw new JobNotFoundError(jobId, { cause: err });
      throw new ProgressUnavailableError(jobId, { cause: err });
    }
  }

  async function retry(jobId: string, requestedBy: string): Promise<RetryResult> {
    const progress = await getProgress(jobId);
    if (progress.status !== 'failed') throw new JobNotRetryableError(jobId, progress.status);
    try {
      await jobHandle(jobId).signal(retrySignal, { requestedBy });
    } catch (err) {
      if (hasErrorName(err, 'WorkflowNotFoundError')) throw new JobNotFoundError(jobId, { cause: err });
      throw err;
    }
    return { jobId, requestedBy, previousRetryCount: progress.retryCount };
  }

  async function cancel(jobId: string): Promise<{ jobId: string }> {
    const description = await describeJob(jobId);
    if (!description) throw new JobNotFoundError(jobId);
    if (description.status.name !== 'RUNNING') throw new JobNotRunningError(jobId, description.status.name);
    // The job publishes its final status a moment before the workflow closes: it has ended for the caller.
    const finalStatus = await getProgress(jobId).then(
      (progress) => (FINAL_STATUSES.includes(progress.status) ? progress.status : undefined),
      () => undefined, // no answer now: the cancel request itself decides
    );
    if (finalStatus) throw new JobNotRunningError(jobId, finalStatus);
    try {
      await jobHandle(jobId).cancel();
    } catch (err) {
      // It closed between our look and the request.
      if (hasErrorName(err, 'WorkflowNotFoundError')) throw new JobNotRunningError(jobId, 'closed');
      throw err;
    }
    return { jobId };
  }

  async function list(filter: JobListFilter = {}): Promise<JobSummary[]> {
    const parsed = parseWith(JobListFilterSchema, filter);
    const jobs: JobSummary[] = [];
    const query = buildJobListQuery(parsed);
    for await (const info of client.workflow.list({ query, pageSize: Math.min(parsed.limit, 1000) })) {
      jobs.push(toJobSummary(info));
      if (jobs.length >= parsed.limit) break;
    }
    return jobs;
  }

  function waitForCompletion(
    jobId: string,
    onProgress: (progress: ProvisioningProgress) => void = () => undefined,
    waitOptions: WaitOptions = {},
  ): Promise<ProvisioningProgress> {
    const waitClosed = async (id: string): Promise<void> => {
      await jobHandle(id)
        .result()
        .catch(() => undefined); // a cleaned_up or cancelled job ends as a failed/cancelled workflow: closed either way
    };
    return pollUntilSettled({ getProgress, sleep: abortableSleep, waitClosed }, jobId, onProgress, waitOptions);
  }

  return { startProvisioning, getProgress, retry, cancel, list, waitForCompletion };
}

/** One line for the Temporal UI's summary of a job: tenant, name, plan and who asked. */
export function jobSummaryText(input: ProvisionTenantInput): string {
  return `Provision tenant ${input.tenantId} (${input.name}, ${input.plan} plan), requested by ${input.requestedBy}`;
}
