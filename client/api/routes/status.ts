/**
 * The public status page of a job, reached only by its unguessable token: `GET /status/:token` (HTML, or JSON with
 * `Accept: application/json`) and `GET /status/:token/events` (server-sent events: a `progress` event whenever the
 * job's progress changes, read from the workflow's `progress` query every STATUS_PAGE_PUSH_INTERVAL, then `end` once
 * the job is final). An unknown, revoked or expired token is a 404. Admins revoke a job's tokens.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { TenantProvisioningClient } from '../../lib/provisioning-client';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { ApiError } from '../http-errors';
import { readJobProgress } from '../job-progress';
import type { ApiRoute } from '../route';
import { JobIdParamsSchema } from '../schemas/requests';
import {
  isExpired,
  isFinal,
  type PublicProgress,
  PublicProgressSchema,
  toPublicProgress,
} from '../status/public-progress';
import { renderNotFoundPage, renderStatusPage } from '../status/status-page-html';
import { isStatusTokenShaped, statusTokenHash } from '../status/status-token';

const TokenParamsSchema = z.object({ token: z.string().describe('The unguessable token of the status URL') });
const e404 = { description: 'Unknown, revoked or expired token (an HTML page unless JSON is asked for)' };

const NOT_FOUND_MESSAGE = 'This status link is unknown, was revoked or has expired';

export function statusRoutes(deps: ApiDeps, jobs: TenantProvisioningClient): ApiRoute[] {
  const now = (): Date => deps.now?.() ?? new Date();
  const { retentionMs, pushIntervalMs } = deps.config.api.statusPage;

  /** The public view of the token's job, or undefined for an unknown, revoked or expired token. */
  async function viewOf(c: Context<ApiEnv>, token: string): Promise<PublicProgress | undefined> {
    if (!isStatusTokenShaped(token)) return undefined;
    const record = await deps.store.getStatusToken(statusTokenHash(token));
    if (!record || record.revokedAt !== null) return undefined;
    const { progress } = await readJobProgress(deps, jobs, record.jobId, c.var.log).catch((err: unknown) => {
      if ((err as { code?: unknown }).code === 'job_not_found') return { progress: undefined };
      throw err;
    });
    if (!progress || isExpired(progress, retentionMs, now())) return undefined;
    return toPublicProgress(progress, record.tenantName);
  }

  const wantsJson = (c: Context<ApiEnv>): boolean => (c.req.header('Accept') ?? '').includes('application/json');
  const tokenOf = (c: Context<ApiEnv>): string => c.req.param('token') ?? '';

  return [
    {
      method: 'GET',
      path: '/status/:token',
      operationId: 'getPublicStatus',
      summary: "A job's public status page (HTML; JSON with Accept: application/json)",
      tag: 'status',
      role: 'public',
      params: TokenParamsSchema,
      responses: { 200: { description: 'The page, or its JSON', schema: PublicProgressSchema }, 404: e404 },
      handler: async (c) => {
        const view = await viewOf(c, tokenOf(c));
        c.header('Cache-Control', 'no-store');
        c.header('Referrer-Policy', 'no-referrer');
        if (wantsJson(c)) {
          if (!view) throw new ApiError('not_found', NOT_FOUND_MESSAGE);
          return c.json(view);
        }
        return view ? c.html(renderStatusPage(view)) : c.html(renderNotFoundPage(), 404);
      },
    },
    {
      method: 'GET',
      path: '/status/:token/events',
      operationId: 'streamPublicStatus',
      summary: 'Server-sent events of the public status: `progress` on every change, `end` when the job is final',
      tag: 'status',
      role: 'public',
      params: TokenParamsSchema,
      responses: { 200: { description: 'text/event-stream' }, 404: e404 },
      handler: async (c) => {
        const token = tokenOf(c);
        const first = await viewOf(c, token);
        if (!first) throw new ApiError('not_found', NOT_FOUND_MESSAGE);
        c.header('Cache-Control', 'no-store');
        return streamSSE(c, async (stream) => {
          let view: PublicProgress | undefined = first;
          let sent = '';
          while (view && !stream.aborted) {
            const data = JSON.stringify(view);
            if (data !== sent) {
              await stream.writeSSE({ event: 'progress', data });
              sent = data;
            }
            if (isFinal(view.status)) break;
            await stream.sleep(pushIntervalMs);
            view = await viewOf(c, token);
          }
          if (!stream.aborted) await stream.writeSSE({ event: 'end', data: view ? view.status : 'gone' });
        });
      },
    },
    {
      method: 'POST',
      path: '/provisioning/:jobId/status-tokens/revoke',
      operationId: 'revokeStatusTokens',
      summary: 'Revoke every public status URL of a job (its pages answer 404 from now on)',
      tag: 'admin',
      role: 'admin',
      audit: 'status.revoke',
      params: JobIdParamsSchema,
      responses: {
        200: {
          description: 'How many URLs were revoked',
          schema: z.object({ jobId: z.string(), revoked: z.number() }),
        },
        401: { description: 'Missing or unknown bearer token (code unauthorized)' },
        403: { description: 'Only an admin may (code forbidden)' },
      },
      handler: async (c) => {
        const jobId = c.req.param('jobId') ?? '';
        return c.json({ jobId, revoked: await deps.store.revokeStatusTokens(jobId, now().toISOString()) });
      },
    },
  ];
}
