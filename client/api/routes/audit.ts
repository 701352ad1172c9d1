/**
 * The audit trail and blocked clients (admin): query entries by actor, target, action and time range; verify the
 * hash chain; list the blocks in force and lift one.
 */
import { z } from 'zod';
import { ClientBlockRecordSchema, AuditEntrySchema, AuditVerificationSchema } from '../schemas/audit';
import { AuditQuerySchema } from '../../lib/audit-query';
import { parseQuery } from '../body';
import type { ApiDeps } from '../deps';
import { ApiError } from '../http-errors';
import type { ApiRoute } from '../route';

const e400 = { description: 'Invalid query (the message names the field)' };
const e401 = { description: 'Missing or unknown bearer token (code unauthorized)' };
const e403 = { description: 'Only an admin may (code forbidden)' };

const ClientParamsSchema = z.object({ client: z.string().describe('The blocked client address') });

export function auditRoutes(deps: ApiDeps): ApiRoute[] {
  const now = (): Date => deps.now?.() ?? new Date();
  return [
    {
      method: 'GET',
      path: '/audit',
      operationId: 'listAuditEntries',
      summary: 'Audit entries, oldest first, by actor, target, action and time range',
      tag: 'audit',
      role: 'admin',
      query: AuditQuerySchema,
      responses: {
        200: { description: 'Entries', schema: z.object({ entries: z.array(AuditEntrySchema) }) },
        400: e400,
        401: e401,
        403: e403,
      },
      handler: async (c) => c.json({ entries: await deps.store.listAudit(parseQuery(c, AuditQuerySchema)) }),
    },
    {
      method: 'GET',
      path: '/audit/verify',
      operationId: 'verifyAuditTrail',
      summary: 'Recompute the hash chain; names the first edited, removed, inserted or reordered entry',
      tag: 'audit',
      role: 'admin',
      responses: {
        200: { description: 'The chain holds (ok true) or where it breaks', schema: AuditVerificationSchema },
        401: e401,
        403: e403,
      },
      handler: async (c) => c.json(await deps.store.verifyAudit()),
    },
    {
      method: 'GET',
      path: '/blocks',
      operationId: 'listBlockedClients',
      summary: 'Clients blocked now (after repeated authentication failures or rate-limit hits)',
      tag: 'audit',
      role: 'admin',
      responses: {
        200: { description: 'Blocks in force', schema: z.object({ blocks: z.array(ClientBlockRecordSchema) }) },
        401: e401,
        403: e403,
      },
      handler: async (c) => c.json({ blocks: await deps.store.listBlocks({ activeAt: now().toISOString() }) }),
    },
    {
      method: 'POST',
      path: '/blocks/:client/lift',
      operationId: 'liftClientBlock',
      summary: 'Lift the block of a client address',
      tag: 'audit',
      role: 'admin',
      audit: 'client.unblock',
      params: ClientParamsSchema,
      responses: {
        200: { description: 'Lifted', schema: z.object({ client: z.string(), lifted: z.literal(true) }) },
        401: e401,
        403: e403,
        404: { description: 'The client is not blocked (code not_found)' },
      },
      handler: async (c) => {
        const client = c.req.param('client') ?? '';
        c.set('auditTarget', client);
        const by = c.get('principal')?.name ?? 'admin';
        if (!(await deps.store.liftBlock(client, by, now().toISOString()))) {
          throw new ApiError('not_found', `${client} is not blocked`);
        }
        return c.json({ client, lifted: true as const });
      },
    },
  ];
}
