/**
 * The HTTP API app (hono), built from injected deps so tests run it in-process with `app.request(...)`.
 * Every route comes from one table that also generates `GET /openapi.json`; every error is JSON
 * `{error: {code, message}}`; every response carries `X-Request-Id` and gets one access-log line.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { httpServerTracing } from '../../tracing/http-server-span';
import { createTenantProvisioningClient } from '../lib/provisioning-client';
import { type AbuseGuard, clientAddressOf, createAbuseGuard } from './abuse-guard';
import { auditRoute, createAuditRecorder } from './audit-recorder';
import { requireRole } from './auth';
import type { ApiDeps } from './deps';
import type { ApiEnv } from './env';
import { ApiError, errorBody, toErrorResponse } from './http-errors';
import { requestContext } from './request-context';
import type { ApiRoute } from './route';
import { auditRoutes } from './routes/audit';
import { dashboardRoutes } from './routes/dashboard';
import { healthDashboardRoutes } from './routes/health-dashboard';
import { instanceHealthRoutes } from './routes/instance-health';
import { metaRoutes } from './routes/meta';
import { metricsRoutes } from './routes/metrics';
import { orphanRoutes } from './routes/orphans';
import { provisioningRoutes } from './routes/provisioning';
import { provisioningMetricsRoutes } from './routes/provisioning-metrics';
import { statusRoutes } from './routes/status';

/** Largest request body accepted (bodies are small JSON objects). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Every route of the API, in registration order. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  const jobs = createTenantProvisioningClient({ client: deps.client, taskQueue: deps.config.temporal.taskQueue });
  const routes: ApiRoute[] = [];
  routes.push(
    ...metaRoutes(deps, () => routes),
    ...metricsRoutes(deps),
    ...provisioningRoutes(deps, jobs),
    ...instanceHealthRoutes(deps),
    ...healthDashboardRoutes(deps),
    ...orphanRoutes(deps),
    ...auditRoutes(deps),
    ...statusRoutes(deps, jobs),
    ...provisioningMetricsRoutes(deps),
    ...dashboardRoutes(),
  );
  return routes;
}

/**
 * Builds the app. It holds no resources of its own except the abuse guard's counters: pass `abuseGuard` to own them
 * (the process entry does, to close them); otherwise in-memory counters are made here.
 */
export function createApiApp(deps: ApiDeps, abuseGuard?: AbuseGuard): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const routes = apiRoutes(deps);
  const now = deps.now ?? (() => new Date());
  const audit = createAuditRecorder(deps.store, now);
  const guard = abuseGuard ?? createAbuseGuard(memoryLimits(deps.config), deps.store, audit, now);
  const onAuthFailure = async (c: Parameters<typeof audit>[0], reason: string): Promise<void> => {
    await audit(c, {
      action: 'auth.failure',
      target: `${c.req.method} ${c.req.path}`,
      outcome: 'rejected:401',
      detail: { reason },
    });
    await guard.noteAbuse(c, 'authentication failure');
  };

  // A server span around everything else, when the process traces (tracing/); nothing otherwise.
  const traceRequests = httpServerTracing();
  if (traceRequests) app.use('*', traceRequests);
  app.use('*', requestContext(deps.logger));
  // Blocked clients and floods are turned away before anything else runs.
  app.use('*', async (c, next) => {
    c.set('clientAddress', clientAddressOf(c));
    await guard.rejectBlocked(c);
    await guard.limit(c, 'client', 'requests');
    await next();
  });
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
    const action = route.audit !== undefined || route.strictLimit === true;
    app.on(
      route.method,
      route.path,
      requireRole(route.role, deps.config.api.credentials, onAuthFailure),
      async (c, next) => {
        if (action) await guard.limit(c, 'client', 'actions');
        if (c.get('principal')) {
          await guard.limit(c, 'principal', 'requests');
          if (action) await guard.limit(c, 'principal', 'actions');
        }
        await next();
      },
      ...(route.audit ? [auditRoute(route.audit, audit)] : []),
      route.handler,
    );
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

/** The configuration's limits with in-memory counters (an app built without an injected guard). */
function memoryLimits(config: ApiDeps['config']): Pick<ApiDeps['config'], 'api' | 'dataDir'> {
  return { dataDir: config.dataDir, api: { ...config.api, rateLimit: { ...config.api.rateLimit, store: 'memory' } } };
}

function stackOf(err: unknown): string | undefined {
  return err instanceof Error ? err.stack : undefined;
}
