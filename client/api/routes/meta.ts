/** `GET /healthz` (the API and its dependencies) and `GET /openapi.json` (the document of every route). */
import type { ApiDeps } from '../deps';
import { buildOpenApiDocument } from '../openapi';
import type { ApiRoute } from '../route';
import { HealthzResponseSchema } from '../schemas/responses';

const HEALTH_DEADLINE_MS = 3_000;

/** `allRoutes` is read when the document is requested, so it includes the routes declared after these. */
export function metaRoutes(deps: ApiDeps, allRoutes: () => readonly ApiRoute[]): ApiRoute[] {
  let document: Record<string, unknown> | undefined;
  return [
    {
      method: 'GET',
      path: '/healthz',
      operationId: 'healthz',
      summary: 'Liveness and dependencies: Temporal reachable, store readable (503 when degraded)',
      tag: 'meta',
      role: 'public',
      responses: {
        200: { description: 'Healthy', schema: HealthzResponseSchema },
        503: { description: 'A dependency is down', schema: HealthzResponseSchema },
      },
      handler: async (c) => {
        const [temporal, store] = await Promise.all([
          deps.client
            .withDeadline(Date.now() + HEALTH_DEADLINE_MS, () => deps.client.workflowService.getSystemInfo({}))
            .then(() => 'ok' as const)
            .catch(() => 'unreachable' as const),
          deps.store
            .listJobs({ limit: 1 })
            .then(() => 'ok' as const)
            .catch(() => 'error' as const),
        ]);
        const healthy = temporal === 'ok' && store === 'ok';
        return c.json({ status: healthy ? 'ok' : 'degraded', checks: { temporal, store } }, healthy ? 200 : 503);
      },
    },
    {
      method: 'GET',
      path: '/openapi.json',
      operationId: 'openapi',
      summary: 'This OpenAPI 3.1 document',
      tag: 'meta',
      role: 'public',
      responses: { 200: { description: 'The document' } },
      handler: (c) => {
        document ??= buildOpenApiDocument(allRoutes(), deps.config.api.publicUrl);
        return c.json(document);
      },
    },
  ];
}
