/**
 * `GET /metrics`: this API process's Prometheus series in the text exposition format (prom-client's registry:
 * the `tenant_orchestrator_*` series of activities/prometheus-metrics.ts and Node's process metrics). Any role may
 * read it; with METRICS_PUBLIC=true it needs no token (for a Prometheus that cannot send one).
 */
import { z } from 'zod';
import { metricsRegistry } from '../../../activities/prometheus-metrics';
import type { ApiDeps } from '../deps';
import type { ApiResponseSpec, ApiRoute } from '../route';

/** The exposition format Prometheus scrapes (prom-client's registry serves version 0.0.4). */
const EXPOSITION_MEDIA_TYPE = 'text/plain; version=0.0.4';

export function metricsRoutes(deps: ApiDeps): ApiRoute[] {
  const guarded: Record<number, ApiResponseSpec> = deps.config.api.metricsPublic
    ? {}
    : { 401: { description: 'Missing or unknown bearer token (code unauthorized)' } };
  return [
    {
      method: 'GET',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics of this API process (text exposition format)',
      description:
        'Rate-limit rejections, provider calls made by live health checks and orphan cleanup, health alerts sent by ' +
        'the sweep watchdog, and Node process metrics. Public when METRICS_PUBLIC=true; otherwise any role. The ' +
        "worker's series (jobs, steps, provider calls of activities, health, Temporal SDK) are on the worker's own " +
        '/metrics (WORKER_METRICS_PORT).',
      tag: 'meta',
      role: deps.config.api.metricsPublic ? 'public' : 'viewer',
      responses: {
        200: { description: 'The series', schema: z.string(), mediaType: EXPOSITION_MEDIA_TYPE },
        ...guarded,
        403: { description: 'The client address is blocked (code client_blocked)' },
        429: { description: 'Over the rate limit (code rate_limited)' },
      },
      handler: async (c) =>
        c.body(await metricsRegistry.metrics(), 200, { 'Content-Type': metricsRegistry.contentType }),
    },
  ];
}
