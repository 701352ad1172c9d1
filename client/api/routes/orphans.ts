/**
 * Orphaned provider resources (admin): the latest scan's report from the store, and cleanup of a scan's orphans
 * (a dry run unless `{dryRun: false}` is sent).
 */
import { z } from 'zod';
import { cleanupOrphans, type OrphanCleanupResult } from '../../../activities/orphans';
import { parseWith } from '../../lib/input';
import { actorOf, requirePrincipal } from '../auth';
import { parseQuery, readJsonBody } from '../body';
import { activityDepsOf, type ApiDeps } from '../deps';
import type { ApiRoute } from '../route';
import { OrphanCleanupRequestSchema, OrphanListQuerySchema } from '../schemas/requests';
import { OrphanListResponseSchema } from '../schemas/responses';

export const OrphanCleanupResponseSchema = z.object({
  scanId: z.string().nullable(),
  dryRun: z.boolean(),
  results: z.array(
    z.object({
      provider: z.string(),
      id: z.string(),
      name: z.string(),
      tenantId: z.string(),
      outcome: z.enum(['deleted', 'absent', 'would_delete', 'skipped_live', 'not_owned', 'failed']),
      error: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<OrphanCleanupResult>;

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
      summary: "Delete a scan's orphans (dry run by default; a tenant that became live is skipped)",
      tag: 'admin',
      role: 'admin',
      audit: 'orphans.cleanup',
      body: { schema: OrphanCleanupRequestSchema, required: false },
      responses: {
        200: { description: 'What was (or would be) deleted', schema: OrphanCleanupResponseSchema },
        400: e400,
        401: e401,
        403: e403,
      },
      handler: async (c) => {
        const body = parseWith(OrphanCleanupRequestSchema, (await readJsonBody(c, true)) ?? {});
        const requestedBy = actorOf(requirePrincipal(c), body.requestedBy);
        c.set('auditTarget', body.scanId ?? 'latest-scan');
        c.set('auditDetail', { dryRun: body.dryRun, ...(body.requestedBy ? { onBehalfOf: body.requestedBy } : {}) });
        const result = await cleanupOrphans(activityDepsOf(deps, c.var.log), {
          dryRun: body.dryRun,
          requestedBy,
          ...(body.scanId ? { scanId: body.scanId } : {}),
        });
        c.var.log.info('orphan cleanup', { dryRun: body.dryRun, requestedBy, results: result.results.length });
        return c.json(result);
      },
    },
  ];
}
