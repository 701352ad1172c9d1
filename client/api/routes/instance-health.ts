/**
 * `GET /instance-health/:instanceId`: the stored instance plus live checks of each of its resources (Convex,
 * WorkOS, Pages deployment, site), run now through the same helpers the workflow's validateResources uses.
 */
import { z } from 'zod';
import { checkResources } from '../../../activities/validation';
import { InstanceRecordSchema } from '../../../store/record-schemas';
import { TENANT_ID_PATTERN } from '../../../workflows/contracts/provision-tenant';
import { activityDepsOf, type ApiDeps } from '../deps';
import { ApiError } from '../http-errors';
import type { ApiRoute } from '../route';
import { InstanceIdParamsSchema } from '../schemas/requests';

/** Fields copied from the stored instance keep the store's schemas. */
const stored = InstanceRecordSchema.shape;

export const InstanceHealthResponseSchema = z.object({
  instanceId: z.string(),
  tenantId: stored.tenantId,
  name: stored.name,
  plan: stored.plan,
  status: stored.status.describe('Stored instance status'),
  healthy: z.boolean().describe('Every live check passed (false for a removed instance)'),
  checkedAt: z.string(),
  lastHealthCheckAt: stored.lastHealthCheckAt.describe('Last check by the health sweep'),
  unhealthySince: stored.unhealthySince,
  checks: z.array(
    z.object({
      resource: z.enum(['convex', 'workos', 'cloudflareDeployment', 'site']),
      ok: z.boolean(),
      detail: z.string(),
    }),
  ),
});

/** Live checks of one instance, kept for `api.instanceHealthCacheMs` so a burst of requests makes one round of calls. */
interface CachedChecks {
  checks: Awaited<ReturnType<typeof checkResources>>;
  checkedAt: Date;
}

export function instanceHealthRoutes(deps: ApiDeps): ApiRoute[] {
  const cache = new Map<string, CachedChecks>();
  const cacheMs = deps.config.api.instanceHealthCacheMs;
  return [
    {
      method: 'GET',
      path: '/instance-health/:instanceId',
      operationId: 'getInstanceHealth',
      summary: "Live health of a tenant's instance (checks every resource now)",
      tag: 'instances',
      role: 'viewer',
      // Each request calls four providers: counted by the action limit, and answered from a short per-instance cache.
      strictLimit: true,
      params: InstanceIdParamsSchema,
      responses: {
        200: { description: 'Health report', schema: InstanceHealthResponseSchema },
        404: { description: 'Unknown instance (code instance_not_found)' },
      },
      handler: async (c) => {
        const instanceId = c.req.param('instanceId') ?? '';
        const instance = TENANT_ID_PATTERN.test(instanceId) ? await deps.store.getInstance(instanceId) : undefined;
        if (!instance) throw new ApiError('instance_not_found', `No instance ${JSON.stringify(instanceId)}`);
        const log = c.var.log.child({ tenantId: instance.tenantId });
        // The request ID becomes the correlation ID of every provider call, so Brain's ID reaches provider logs.
        const correlationId = `api/${c.var.requestId}`;
        const scope = { correlationId, attempt: 1, logger: log.child({ correlationId }), signal: c.req.raw.signal };
        const now = deps.now?.() ?? new Date();
        let fresh = cache.get(instance.tenantId);
        if (!fresh || now.getTime() - fresh.checkedAt.getTime() >= cacheMs) {
          const checks =
            instance.status === 'removed'
              ? []
              : await checkResources(activityDepsOf(deps, log), instance.resources, scope);
          fresh = { checks, checkedAt: now };
          cache.set(instance.tenantId, fresh);
        }
        const { checks } = fresh;
        return c.json({
          instanceId,
          tenantId: instance.tenantId,
          name: instance.name,
          plan: instance.plan,
          status: instance.status,
          healthy: instance.status !== 'removed' && checks.every((check) => check.ok),
          checkedAt: fresh.checkedAt.toISOString(),
          lastHealthCheckAt: instance.lastHealthCheckAt,
          unhealthySince: instance.unhealthySince,
          checks,
        });
      },
    },
  ];
}
