/**
 * Provisioning jobs: start (`POST /provisioning`), read progress (`GET /provisioning/:jobId`), list projections
 * from the store (`GET /provisioning`), retry a failed job and cancel a running one (admin).
 */
import type { Context } from 'hono';
import type { JobRecord } from '../../../store/port';
import { provisionWorkflowId } from '../../../workflows/contracts/provision-tenant';
import { parseWith } from '../../lib/input';
import type { TenantProvisioningClient } from '../../lib/provisioning-client';
import { actorOf, requirePrincipal } from '../auth';
import { parseQuery, readJsonBody } from '../body';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { readJobProgress } from '../job-progress';
import { generateStatusToken, statusTokenHash } from '../status/status-token';
import type { ApiRoute } from '../route';
import { runResendEmails } from '../../lib/admin-workflows';
import {
  JobIdParamsSchema,
  JobListQuerySchema,
  ResendEmailsRequestSchema,
  RetryRequestSchema,
  StartProvisioningRequestSchema,
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
const e401 = { description: 'Missing or unknown bearer token (code unauthorized)' };
const e403 = { description: "The credential's role may not do this (code forbidden)" };
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
      role: 'brain',
      audit: 'job.start',
      body: { schema: StartProvisioningRequestSchema, required: true },
      responses: {
        202: { description: 'Job started or found', schema: StartProvisioningResponseSchema },
        400: e400,
        401: e401,
        403: e403,
      },
      handler: async (c) => {
        const request = parseWith(StartProvisioningRequestSchema, await readJsonBody(c));
        const principal = requirePrincipal(c);
        // The requester is who authenticated; a body's requestedBy only says on whose behalf.
        c.set('auditTarget', provisionWorkflowId(request.tenantId));
        if (request.requestedBy) c.set('auditDetail', { onBehalfOf: request.requestedBy });
        const started = await jobs.startProvisioning({ ...request, requestedBy: principal.name });
        const url = statusUrl(started.jobId);
        c.header('Location', url);
        // The public page's URL: a fresh token per start, never derived from the tenant or job ID.
        const token = generateStatusToken();
        await deps.store.createStatusToken({
          tokenHash: statusTokenHash(token),
          jobId: started.jobId,
          tenantName: request.name,
          createdAt: (deps.now?.() ?? new Date()).toISOString(),
        });
        return c.json(
          {
            jobId: started.jobId,
            runId: started.runId,
            status: started.executionStatus === 'COMPLETED' ? 'completed' : 'running',
            statusUrl: `${deps.config.api.publicUrl}/status/${token}`,
            progressUrl: url,
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
      role: 'viewer',
      params: JobIdParamsSchema,
      responses: {
        200: { description: 'Progress', schema: ProvisioningProgressSchema },
        401: e401,
        404: e404,
        503: { description: 'Neither Temporal nor the store can answer for this job' },
      },
      handler: async (c) => {
        const { progress, source } = await readJobProgress(deps, jobs, jobIdOf(c), c.var.log);
        c.header(PROGRESS_SOURCE_HEADER, source);
        return c.json(progress);
      },
    },
    {
      method: 'GET',
      path: '/provisioning',
      operationId: 'listProvisioningJobs',
      summary: 'List jobs from the store projections, newest first',
      tag: 'provisioning',
      role: 'viewer',
      query: JobListQuerySchema,
      responses: { 200: { description: 'Jobs', schema: JobListResponseSchema }, 400: e400, 401: e401 },
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
      role: 'admin',
      audit: 'job.retry',
      params: JobIdParamsSchema,
      body: { schema: RetryRequestSchema, required: false },
      responses: {
        202: { description: 'Retry requested', schema: JobActionResponseSchema },
        400: e400,
        401: e401,
        403: e403,
        404: e404,
        409: { description: 'The job is not failed (code job_not_failed)' },
      },
      handler: async (c) => {
        const jobId = jobIdOf(c);
        const body = parseWith(RetryRequestSchema, (await readJsonBody(c, true)) ?? {});
        const requestedBy = actorOf(requirePrincipal(c), body.requestedBy);
        if (body.requestedBy) c.set('auditDetail', { onBehalfOf: body.requestedBy });
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
      role: 'admin',
      audit: 'job.cancel',
      params: JobIdParamsSchema,
      responses: {
        202: { description: 'Cancellation requested', schema: JobActionResponseSchema },
        401: e401,
        403: e403,
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
      role: 'admin',
      audit: 'job.resend_emails',
      params: JobIdParamsSchema,
      body: { schema: ResendEmailsRequestSchema, required: false },
      responses: {
        200: { description: 'What was sent and skipped', schema: ResendEmailsResponseSchema },
        400: { description: 'Invalid input, or the job has no provisioned instance (the message says which)' },
        401: e401,
        403: e403,
        404: e404,
      },
      handler: async (c) => {
        const jobId = jobIdOf(c);
        const body = parseWith(ResendEmailsRequestSchema, (await readJsonBody(c, true)) ?? {});
        const requestedBy = actorOf(requirePrincipal(c), body.requestedBy);
        c.set('auditDetail', { force: body.force, ...(body.requestedBy ? { onBehalfOf: body.requestedBy } : {}) });
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
