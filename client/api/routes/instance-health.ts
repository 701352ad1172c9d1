/**
 * `GET /instance-health/:instanceId`: the stored health of a tenant's instance (what the last sweep found: status,
 * last check time, each check's result and latency) with its latest status transitions. `?live=true` checks it now,
 * through Temporal (a one-instance `healthSweep` on the worker): the API holds no provider client.
 */
import { z } from 'zod';
import { checkInstanceHealthNow, readInstanceHealth, type InstanceHealthReport } from '../../lib/instance-health';
import { HealthCheckSchema } from '../../../store/health-schemas';
import { InstanceRecordSchema } from '../../../store/record-schemas';
import { HEALTH_STATUSES } from '../../../workflows/contracts/health-sweep';
import { TENANT_ID_PATTERN } from '../../../workflows/contracts/provision-tenant';
import { parseQuery } from '../body';
import type { ApiDeps } from '../deps';
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
  status: stored.status.describe('Instance status: provisioning, active, degraded, down or removed'),
  healthy: z.boolean().describe('status is active'),
  source: z.enum(['stored', 'live']).describe('stored: the last sweep; live: checked now'),
  lastHealthCheckAt: stored.lastHealthCheckAt.describe('When it was last checked'),
  unhealthySince: stored.unhealthySince.describe('Start of the current unhealthy episode'),
  checks: z.array(HealthCheckSchema).describe('The last check of Convex (health:ping), Pages and the site'),
  history: z
    .array(z.object({ fromStatus: z.enum(HEALTH_STATUSES), toStatus: z.enum(HEALTH_STATUSES), at: z.string() }))
    .describe('Latest status transitions, newest first'),
}) satisfies z.ZodType<Omit<InstanceHealthReport, 'history'> & { history: unknown[] }>;

export const InstanceHealthQuerySchema = z
  .object({
    live: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: check now through Temporal (waits for the worker, up to 30 s)'),
  })
  .strict();

/** A live report of one instance, kept for `api.instanceHealthCacheMs` so a burst of requests makes one check. */
interface CachedReport {
  report: InstanceHealthReport;
  at: number;
}

export function instanceHealthRoutes(deps: ApiDeps): ApiRoute[] {
  const cache = new Map<string, CachedReport>();
  const cacheMs = deps.config.api.instanceHealthCacheMs;
  return [
    {
      method: 'GET',
      path: '/instance-health/:instanceId',
      operationId: 'getInstanceHealth',
      summary: "Health of a tenant's instance: stored status, checks and history; ?live=true checks it now",
      tag: 'instances',
      role: 'viewer',
      // A live check runs a workflow that calls the providers: counted by the action limit, and answered from a short
      // per-instance cache (stored reads are cheap and always fresh).
      strictLimit: true,
      params: InstanceIdParamsSchema,
      query: InstanceHealthQuerySchema,
      responses: {
        200: { description: 'Health report', schema: InstanceHealthResponseSchema },
        400: { description: 'Invalid query (code invalid_input)' },
        404: { description: 'Unknown instance (code instance_not_found)' },
        409: { description: 'live=true on an instance still provisioning or removed (code instance_not_checkable)' },
        503: { description: 'The live check did not complete (code health_check_unavailable or temporal_unavailable)' },
      },
      handler: async (c) => {
        const instanceId = c.req.param('instanceId') ?? '';
        const { live } = parseQuery(c, InstanceHealthQuerySchema);
        if (!TENANT_ID_PATTERN.test(instanceId)) {
          throw new ApiError('instance_not_found', `No instance ${JSON.stringify(instanceId)}`);
        }
        if (live !== 'true') return c.json(await readInstanceHealth(deps.store, instanceId));
        const now = (deps.now?.() ?? new Date()).getTime();
        const cached = cache.get(instanceId);
        if (cached && now - cached.at < cacheMs) return c.json(cached.report);
        const report = await checkInstanceHealthNow(deps.store, instanceId, {
          client: deps.client,
          taskQueue: deps.config.temporal.taskQueue,
        });
        cache.set(instanceId, { report, at: now });
        return c.json(report);
      },
    },
  ];
}
