/**
 * `GET /instances/health`: the dashboard query `getInstancesHealthStatus`: counts by status (following every filter
 * but `status`) and a page of instances with their last checks, filtered by status, plan, creation date and last
 * check date; pages follow `nextCursor`.
 */
import { z } from 'zod';
import { HealthDashboardQuerySchema, parseHealthDashboardQuery } from '../../lib/instance-health';
import { HealthCheckSchema } from '../../../store/health-schemas';
import { InstanceRecordSchema } from '../../../store/record-schemas';
import { HEALTH_STATUSES } from '../../../workflows/contracts/health-sweep';
import type { ApiDeps } from '../deps';
import type { ApiRoute } from '../route';

const stored = InstanceRecordSchema.shape;

export const InstancesHealthResponseSchema = z.object({
  counts: z.object({ active: z.number().int(), degraded: z.number().int(), down: z.number().int() }),
  total: z.number().int().describe('Instances matching every filter'),
  instances: z.array(
    z.object({
      tenantId: stored.tenantId,
      name: stored.name,
      plan: stored.plan,
      status: z.enum(HEALTH_STATUSES),
      createdAt: stored.createdAt,
      lastHealthCheckAt: stored.lastHealthCheckAt,
      unhealthySince: stored.unhealthySince,
      checks: z.array(HealthCheckSchema),
    }),
  ),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

export function healthDashboardRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/instances/health',
      operationId: 'getInstancesHealthStatus',
      summary: 'Health dashboard: counts by status and the instances, filtered and paginated',
      tag: 'instances',
      role: 'viewer',
      query: HealthDashboardQuerySchema,
      responses: {
        200: { description: 'Counts and one page of instances', schema: InstancesHealthResponseSchema },
        400: { description: 'Invalid query (code invalid_input, naming the field)' },
      },
      handler: async (c) => c.json(await deps.store.getInstancesHealthStatus(parseHealthDashboardQuery(c.req.query()))),
    },
  ];
}
