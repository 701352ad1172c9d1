/**
 * The HTTP API app (hono), built from injected deps so tests run it in-process with `app.request(...)`.
 * Every route comes from one table that also generates `GET /openapi.json`; every error is JSON
 * `{error: {code, message}}`; every response carries `X-Request-Id` and gets one access-log line.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createTenantProvisioningClient } from '../lib/provisioning-client';
import { requireAdmin } from './admin-auth';
import type { ApiDeps } from './deps';
import type { ApiEnv } from './env';
import { ApiError, errorBody, toErrorResponse } from './http-errors';
import { requestContext } from './request-context';
import type { ApiRoute } from './route';
import { healthDashboardRoutes } from './routes/health-dashboard';
import { instanceHealthRoutes } from './routes/instance-health';
import { metaRoutes } from './routes/meta';
import { orphanRoutes } from './routes/orphans';
import { provisioningRoutes } from './routes/provisioning';

/** Largest request body accepted (bodies are small JSON objects). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Every route of the API, in registration order. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  const jobs = createTenantProvisioningClient({ client: deps.client, taskQueue: deps.config.temporal.taskQueue });
  const routes: ApiRoute[] = [];
  routes.push(
    ...metaRoutes(deps, () => routes),
    ...provisioningRoutes(deps, jobs),
    ...instanceHealthRoutes(deps),
    ...healthDashboardRoutes(deps),
    ...orphanRoutes(deps),
  );
  return routes;
}

/** Builds the app; it holds no resources of its own (the caller closes the client and the store). */
export function createApiApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const routes = apiRoutes(deps);
  const adminOnly = requireAdmin(deps.config.api.adminToken);

  app.use('*', requestContext(deps.logger));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError('payload_too_large', `The request body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );

  for (const route of routes) {
    if (route.admin) app.on(route.method, route.path, adminOnly, route.handler);
    else app.on(route.method, route.path, route.handler);
  }
  // A known path with another method: 405 with the methods it does allow.
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    app.all(path, (c) => {
      c.header('Allow', allow);
      return c.json(errorBody('method_not_allowed', `${c.req.method} is not allowed on ${path}; use ${allow}`), 405);
    });
  }

  app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    const { status, body, expected } = toErrorResponse(err);
    const log = c.get('log') ?? deps.logger;
    if (!expected) log.error('unexpected error', { method: c.req.method, path: c.req.path, err, stack: stackOf(err) });
    else if (status >= 500) log.warn('dependency unavailable', { code: body.error.code, err });
    return c.json(body, status as 400);
  });
  return app;
}

function stackOf(err: unknown): string | undefined {
  return err instanceof Error ? err.stack : undefined;
}
