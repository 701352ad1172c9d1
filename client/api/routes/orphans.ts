/**
 * Orphaned provider resources (admin): the latest scan's report from the store, and cleanup of a scan's orphans
 * through the `cleanupOrphans` workflow (a dry run unless `{dryRun: false}` is sent; the API calls no provider).
 */
import { z } from 'zod';
import type { CleanupOrphansResult } from '../../../workflows/contracts/admin-workflows';
import { runOrphanCleanup } from '../../lib/admin-workflows';
import { parseWith } from '../../lib/input';
import { actorOf, requirePrincipal } from '../auth';
import { parseQuery, readJsonBody } from '../body';
import type { ApiDeps } from '../deps';
import type { ApiRoute } from '../route';
import { OrphanCleanupRequestSchema, OrphanListQuerySchema } from '../schemas/requests';
import { OrphanListResponseSchema } from '../schemas/responses';

export const OrphanCleanupResponseSchema = z.object({
  scanId: z.string().nullable(),
  dryRun: z.boolean(),
  requestedBy: z.string(),
  maxDeletions: z.number().int(),
  deleted: z.number().int(),
  results: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      tenantId: z.string(),
      provider: z.enum(['convex', 'workos', 'cloudflare']),
      outcome: z.enum([
        'deleted',
        'absent',
        'would_delete',
        'skipped_live',
        'skipped_job',
        'skipped_young',
        'skipped_cap',
        'skipped_done',
        'not_owned',
        'failed',
      ]),
      error: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<CleanupOrphansResult>;

const e400 = { description: 'Invalid input or malformed JSON (the message names the field)' };
const e401 = { description: 'Missing or unknown bearer token (code unauthorized)' };
const e403 = { description: 'Only an admin may (code forbidden)' };

export function orphanRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/orphans',
      operationId: 'listOrphans',
      summary: 'Orphans reported by the latest scan (or by scanId), with their cleanup state',
      tag: 'admin',
      role: 'admin',
      query: OrphanListQuerySchema,
      responses: {
        200: { description: 'Orphans', schema: OrphanListResponseSchema },
        400: e400,
        401: e401,
        403: e403,
      },
      handler: async (c) => {
        const query = parseQuery(c, OrphanListQuerySchema);
        return c.json({ orphans: await deps.store.listOrphans(query) });
      },
    },
    {
      method: 'POST',
      path: '/orphans/cleanup',
      operationId: 'cleanupOrphans',
      summary: "Delete a scan's orphans through the cleanupOrphans workflow (dry run by default)",
      description:
        'Each orphan is re-checked just before it is deleted (no live instance, no running or completed job of its ' +
        'tenant, older than the minimum age); at most ORPHAN_CLEANUP_MAX_DELETIONS deletions a run.',
      tag: 'admin',
      role: 'admin',
      audit: 'orphans.cleanup',
      body: { schema: OrphanCleanupRequestSchema, required: false },
      responses: {
        200: { description: 'What was (or would be) deleted', schema: OrphanCleanupResponseSchema },
        400: e400,
        401: e401,
        403: e403,
        409: { description: 'The store contradicts Temporal (code store_inconsistent): nothing was deleted' },
      },
      handler: async (c) => {
        const body = parseWith(OrphanCleanupRequestSchema, (await readJsonBody(c, true)) ?? {});
        const requestedBy = actorOf(requirePrincipal(c), body.requestedBy);
        c.set('auditTarget', body.scanId ?? 'latest-scan');
        c.set('auditDetail', { dryRun: body.dryRun, ...(body.requestedBy ? { onBehalfOf: body.requestedBy } : {}) });
        const result = await runOrphanCleanup(
          { client: deps.client, taskQueue: deps.config.temporal.taskQueue },
          {
            dryRun: body.dryRun,
            requestedBy,
            ...(body.scanId ? { scanId: body.scanId } : {}),
            ...(body.maxDeletions ? { maxDeletions: body.maxDeletions } : {}),
          },
        );
        c.var.log.info('orphan cleanup', { dryRun: body.dryRun, requestedBy, results: result.results.length });
        return c.json(result);
      },
    },
  ];
}
