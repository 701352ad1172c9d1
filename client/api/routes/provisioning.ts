/**
 * Provisioning jobs: start (`POST /provisioning`), read progress (`GET /provisioning/:jobId`), list projections
 * from the store (`GET /provisioning`), retry a failed job and cancel a running one (admin).
 */
import type { Context } from 'hono';
import { ProvisionTenantInputSchema } from '../../../workflows/contracts/provision-tenant-input';
import type { JobRecord } from '../../../store/port';
import { ClientErrorCode, errorCode } from '../../lib/errors';
import { parseWith } from '../../lib/input';
import type { TenantProvisioningClient } from '../../lib/provisioning-client';
import { DEFAULT_ADMIN_ACTOR } from '../admin-auth';
import { parseQuery, readJsonBody } from '../body';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import type { ApiRoute } from '../route';
import { runResendEmails } from '../../lib/admin-workflows';
import {
  JobIdParamsSchema,
  JobListQuerySchema,
  ResendEmailsRequestSchema,
  RetryRequestSchema,
} from '../schemas/requests';
import {
  JobActionResponseSchema,
  JobListResponseSchema,
  ProvisioningProgressSchema,
  ResendEmailsResponseSchema,
  StartProvisioningResponseSchema,
} from '../schemas/responses';

/** Header telling where a progress answer came from: `temporal` (the query) or `store` (the projection). */
export const PROGRESS_SOURCE_HEADER = 'X-Progress-Source';

const e400 = { description: 'Invalid input or malformed JSON (the message names the field)' };
const e401 = { description: 'Missing or wrong admin bearer token' };
const e404 = { description: 'Unknown job' };

function jobSummary(job: JobRecord): Omit<JobRecord, 'progress'> {
  const { progress: _progress, ...summary } = job;
  return summary;
}

export function provisioningRoutes(deps: ApiDeps, jobs: TenantProvisioningClient): ApiRoute[] {
  const statusUrl = (jobId: string): string => `${deps.config.api.publicUrl}/provisioning/${jobId}`;
  const jobIdOf = (c: Context<ApiEnv>): string => c.req.param('jobId') ?? '';

  return [
    {
      method: 'POST',
      path: '/provisioning',
      operationId: 'startProvisioning',
      summary: "Start provisioning a tenant (idempotent per tenant: returns the tenant's running or completed job)",
      tag: 'provisioning',
      body: { schema: ProvisionTenantInputSchema, required: true },
      responses: {
        202: { description: 'Job started or found', schema: StartProvisioningResponseSchema },
        400: e400,
      },
      handler: async (c) => {
        const started = await jobs.startProvisioning(await readJsonBody(c));
        const url = statusUrl(started.jobId);
        c.header('Location', url);
        return c.json(
          {
            jobId: started.jobId,
            runId: started.runId,
            status: started.executionStatus === 'COMPLETED' ? 'completed' : 'running',
            statusUrl: url,
            existing: started.existing,
          },
          202,
        );
      },
    },
    {
      method: 'GET',
      path: '/provisioning/:jobId',
      operationId: 'getProvisioningProgress',
      summary: 'Progress of a job (the progress query; the store projection when Temporal cannot answer)',
      tag: 'provisioning',
      params: JobIdParamsSchema,
      responses: {
        200: { description: 'Progress', schema: ProvisioningProgressSchema },
        404: e404,
        503: { description: 'Neither Temporal nor the store can answer for this job' },
      },
      handler: async (c) => {
        const jobId = jobIdOf(c);
        try {
          const progress = await jobs.getProgress(jobId);
          c.header(PROGRESS_SOURCE_HEADER, 'temporal');
          return c.json(progress);
        } catch (err) {
          const code = errorCode(err);
          if (code !== ClientErrorCode.JobNotFound && code !== ClientErrorCode.ProgressUnavailable) throw err;
          // A job whose history is gone (retention) or whose worker is down is still known to the store.
          const projection = await deps.store.getJob(jobId);
          if (!projection) throw err;
          c.var.log.warn('progress served from the store projection', { jobId, reason: code });
          c.header(PROGRESS_SOURCE_HEADER, 'store');
          return c.json(projection.progress);
        }
      },
    },
    {
      method: 'GET',
      path: '/provisioning',
      operationId: 'listProvisioningJobs',
      summary: 'List jobs from the store projections, newest first',
      tag: 'provisioning',
      query: JobListQuerySchema,
      responses: { 200: { description: 'Jobs', schema: JobListResponseSchema }, 400: e400 },
      handler: async (c) => {
        const query = parseQuery(c, JobListQuerySchema);
        const records = await deps.store.listJobs(query);
        return c.json({ jobs: records.map(jobSummary) });
      },
    },
    {
      method: 'POST',
      path: '/retry-provisioning/:jobId',
      operationId: 'retryProvisioning',
      summary: 'Resume a failed job from its failed step (sends the retry signal)',
      tag: 'admin',
      admin: true,
      params: JobIdParamsSchema,
      body: { schema: RetryRequestSchema, required: false },
      responses: {
        202: { description: 'Retry requested', schema: JobActionResponseSchema },
        400: e400,
        401: e401,
        404: e404,
        409: { description: 'The job is not failed (code job_not_failed)' },
      },
      handler: async (c) => {
        const jobId = jobIdOf(c);
        const body = parseWith(RetryRequestSchema, (await readJsonBody(c, true)) ?? {});
        const requestedBy = body.requestedBy ?? DEFAULT_ADMIN_ACTOR;
        await jobs.retry(jobId, requestedBy);
        c.var.log.info('retry requested', { jobId, requestedBy });
        return c.json({ jobId, status: 'running', statusUrl: statusUrl(jobId), requestedBy }, 202);
      },
    },
    {
      method: 'POST',
      path: '/provisioning/:jobId/cancel',
      operationId: 'cancelProvisioning',
      summary: 'Cancel a running job: it compensates every created resource, then ends cancelled',
      tag: 'admin',
      admin: true,
      params: JobIdParamsSchema,
      responses: {
        202: { description: 'Cancellation requested', schema: JobActionResponseSchema },
        401: e401,
        404: e404,
        409: { description: 'The job is no longer running (code job_not_running)' },
      },
      handler: async (c) => {
        const jobId = jobIdOf(c);
        await jobs.cancel(jobId);
        c.var.log.info('cancellation requested', { jobId });
        return c.json({ jobId, status: 'cancelling', statusUrl: statusUrl(jobId) }, 202);
      },
    },
    {
      method: 'POST',
      path: '/provisioning/:jobId/resend-emails',
      operationId: 'resendProvisioningEmails',
      summary: "Send a completed job's ready and welcome emails again (the resendEmails workflow)",
      description:
        'By default only the emails the owner never got (e.g. after `notifications: failed`); `force` resends all.',
      tag: 'admin',
      admin: true,
      params: JobIdParamsSchema,
      body: { schema: ResendEmailsRequestSchema, required: false },
      responses: {
        200: { description: 'What was sent and skipped', schema: ResendEmailsResponseSchema },
        400: { description: 'Invalid input, or the job has no provisioned instance (the message says which)' },
        401: e401,
        404: e404,
      },
      handler: async (c) => {
        const jobId = jobIdOf(c);
        const body = parseWith(ResendEmailsRequestSchema, (await readJsonBody(c, true)) ?? {});
        const requestedBy = body.requestedBy ?? DEFAULT_ADMIN_ACTOR;
        const result = await runResendEmails(
          { client: deps.client, taskQueue: deps.config.temporal.taskQueue },
          { jobId, requestedBy, force: body.force, ...(body.kinds ? { kinds: body.kinds } : {}) },
        );
        c.var.log.info('emails resent', { jobId, requestedBy, sent: result.sent, skipped: result.skipped });
        return c.json(result);
      },
    },
  ];
}
