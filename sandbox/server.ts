/**
 * The sandbox HTTP server: one hono app serving the emulated Convex, WorkOS, Cloudflare and SendGrid APIs, tenant
 * sites and the `/_sandbox/` control API. `startSandbox` listens (port 0 = random) and returns a handle whose
 * `close()` also drops keep-alive and held (`timeout` fault) connections, so tests never hang on it.
 */
import { CORRELATION_ID_HTTP_HEADER } from '../common/correlation';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createJsonLogger, type Logger } from '../common/logging';
import { createSleeper, systemClock, type SandboxClock } from './clock';
import type { SandboxContext } from './context';
import { controlRoutes } from './control';
import { createFaultRegistry } from './faults';
import { json } from './http';
import { createLatency } from './latency';
import type { SandboxEnv } from './operation';
import { cfError } from './providers/cloudflare-envelope';
import { cloudflareRoutes } from './providers/cloudflare';
import { convexError } from './providers/convex-errors';
import { convexDeploymentRoutes } from './providers/convex-deployment';
import { convexManagementRoutes } from './providers/convex-management';
import { registerConvexPushRoutes } from './providers/convex-push';
import { sendgridRoutes } from './providers/sendgrid';
import { workosError } from './providers/workos-common';
import { workosRoutes } from './providers/workos';
import { siteRoutes } from './sites';
import { createStateStore } from './state';

export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  latency?: 'zero' | 'realistic';
  latencyFactor?: number;
  /** JSON file the inventory is persisted to and restored from. Default: in memory only. */
  stateFile?: string;
  /** Seed of the fault-probability generator (and of latency jitter). Default: random. */
  seed?: number;
  /** Where log lines go. Default: JSON lines on stdout. */
  logger?: Logger;
  /** Convex team access tokens the Management API accepts. Default: the worker's sandbox placeholder token. */
  convexAccessTokens?: readonly string[];
  /** SendGrid's verified senders. Default: {@link DEFAULT_VERIFIED_SENDER}, the worker's default MAIL_FROM. */
  verifiedSenders?: readonly string[];
  /** Time source; tests inject one to run the realistic profile without waiting. Default: the wall clock. */
  clock?: SandboxClock;
}

/** The Convex access token the worker uses with the sandbox (common/config.ts) and the sandbox accepts by default. */
export const SANDBOX_CONVEX_ACCESS_TOKEN = 'sandbox-convex-token';

/** The sender the sandbox's SendGrid accepts unless told otherwise (the worker's default MAIL_FROM). */
export const DEFAULT_VERIFIED_SENDER = 'provisioning@brain.local';

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Builds the sandbox's routes over a context (no listening). */
export function createSandboxApp(ctx: SandboxContext): Hono<SandboxEnv> {
  // strict: false lets `https://<deployment>/` (a trailing slash) reach the deployment's root route.
  const app = new Hono<SandboxEnv>({ strict: false });
  // One line per request, as a provider's own request log: the caller's correlation and request IDs arrive here.
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    ctx.logger.info('sandbox request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
      correlationId: c.req.header(CORRELATION_ID_HTTP_HEADER) ?? null,
      requestId: c.req.header('x-request-id') ?? null,
    });
  });
  app.route('/_sandbox', controlRoutes(ctx));
  app.route('/_sites', siteRoutes(ctx));
  app.route('/_convex/:deployment', convexDeploymentRoutes(ctx));
  app.route('/v1', convexManagementRoutes(ctx));
  registerConvexPushRoutes(app, ctx);
  app.route('/client/v4', cloudflareRoutes(ctx));
  app.route('/', sendgridRoutes(ctx));
  app.route('/', workosRoutes(ctx));

  app.notFound((c) => {
    const path = c.req.path;
    if (path.startsWith('/v1/') || path.startsWith('/_convex/') || path.startsWith('/api/')) {
      return convexError(404, 'NotFound', 'No such route');
    }
    if (path.startsWith('/client/v4/')) return cfError(404, 7000, 'No route for that URI');
    if (path.startsWith('/v3/')) return json(404, { errors: [{ message: 'Not Found', field: null, help: null }] });
    if (path.startsWith('/_sandbox/')) return json(404, { error: { code: 'not_found', message: 'No such route' } });
    return workosError(404, 'Not Found', 'not_found');
  });
  app.onError((err, c) => {
    ctx.logger.error('sandbox request failed', { method: c.req.method, path: c.req.path, error: err });
    return json(500, { error: { code: 'sandbox_error', message: err.message } });
  });
  return app;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Starts the sandbox and resolves once it listens. State is restored from `stateFile` when given; faults and the
 * latency profile always start fresh (zero latency unless told otherwise).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const clock = options.clock ?? systemClock;
  // In-process sandboxes (tests, benches) log warnings only unless given a logger; sandbox/main.ts passes LOG_LEVEL's.
  const logger = options.logger ?? createJsonLogger({ level: 'warn', base: { service: 'sandbox' } });
  let url = '';
  const ctx: SandboxContext = {
    state: createStateStore(options.stateFile),
    faults: createFaultRegistry(seed, () => clock.now()),
    latency: createLatency({ profile: options.latency ?? 'zero', factor: options.latencyFactor ?? 1 }, seed + 1),
    sleeper: createSleeper(clock),
    logger,
    convexAccessTokens: new Set(options.convexAccessTokens ?? [SANDBOX_CONVEX_ACCESS_TOKEN]),
    verifiedSenders: new Set((options.verifiedSenders ?? [DEFAULT_VERIFIED_SENDER]).map((s) => s.toLowerCase())),
    baseUrl: () => url,
  };
  const app = createSandboxApp(ctx);
  const server = createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
  const port = await listen(server, options.port ?? 4010, host);
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  url = `http://${publicHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        ctx.sleeper.close();
        ctx.state.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
