/**
 * `GET /provisioning-metrics?from=&to=`: the provisioning metrics of a date range (last 30 days by default) with the
 * roadmap's six KPIs against their targets, the instances' health counts now, and the runs per UTC day for charts.
 * Read-only: viewers and every stronger role (the dashboard page reads it with the admin's token).
 */
import type { ApiDeps } from '../deps';
import type { ApiRoute } from '../route';
import {
  parseMetricsRange,
  ProvisioningMetricsQuerySchema,
  ProvisioningMetricsResponseSchema,
} from '../schemas/provisioning-metrics';

export function provisioningMetricsRoutes(deps: ApiDeps): ApiRoute[] {
  const now = (): Date => deps.now?.() ?? new Date();
  return [
    {
      method: 'GET',
      path: '/provisioning-metrics',
      operationId: 'getProvisioningMetrics',
      summary: 'Provisioning metrics and the KPIs against their targets over a date range, with a daily series',
      description:
        'Runs that finished in [from, to] (a bare date is a whole UTC day; default: the last 30 days, today ' +
        'included). KPIs: success > 99 %, average < 3 min, auto-recovery > 80 %, MTTD < 5 min, MTTR < 15 min, ' +
        'health coverage 100 % (definitions in docs/METRICS.md); `met` is null when the range has nothing to judge.',
      tag: 'metrics',
      role: 'viewer',
      query: ProvisioningMetricsQuerySchema,
      responses: {
        200: { description: 'Summary, health counts and daily series', schema: ProvisioningMetricsResponseSchema },
        400: { description: 'A bound is not a date or date-time, or from is after to (code invalid_input)' },
        401: { description: 'Missing or unknown bearer token (code unauthorized)' },
      },
      handler: async (c) => {
        const range = parseMetricsRange(c.req.query(), now());
        const [summary, series, health, lastSweep] = await Promise.all([
          deps.store.getProvisioningMetrics(range),
          deps.store.getProvisioningMetricsSeries(range),
          deps.store.getInstancesHealthStatus({ limit: 1 }),
          deps.store.latestCompletedHealthSweep(),
        ]);
        c.header('Cache-Control', 'no-store');
        return c.json({
          summary,
          health: { counts: health.counts, total: health.total, lastSweepCompletedAt: lastSweep?.completedAt ?? null },
          series,
        });
      },
    },
  ];
}
