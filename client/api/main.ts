/**
 * HTTP API process entry (`npm run api`, `tsx client/api/main.ts`): configuration → Temporal client → store →
 * provider clients → app → listener on API_PORT, and the health sweeps' watchdog (client/api/sweep-watchdog.ts). On SIGINT/SIGTERM it stops accepting requests, lets the open
 * ones finish, then closes what it opened.
 */
import { once } from 'node:events';
import { serve } from '@hono/node-server';
import { collectProcessMetrics } from '../../activities/prometheus-metrics';
import { openSqliteStore } from '../../store/sqlite';
import { loadConfig } from '../../common/config';
import { createJsonLogger } from '../../common/logging';
import { describeTracesUrl, installTracing } from '../../tracing/process-tracing';
import { createProviderClients } from '../../worker/providers';
import { connectTemporalClient } from '../connect';
import { createAbuseGuard } from './abuse-guard';
import { createApiApp } from './app';
import { createAuditRecorder } from './audit-recorder';
import { startSweepWatchdog } from './sweep-watchdog';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.api.credentials.length === 0) {
    throw new Error(
      'API_CREDENTIALS is empty: nobody could call the API. Give each caller a named credential (README, "API access"), ' +
        'or run ./temporal-dev.sh up, which generates dev credentials',
    );
  }
  const logger = createJsonLogger({ level: config.logLevel, base: { service: 'api' } });
  // Before the client and the app: both add their tracing only when it is installed (nothing without an endpoint).
  const tracing = installTracing(config, 'api');
  collectProcessMetrics();
  // Opened first: a missing store file (StoreMissing, naming the path) ends the start before anything connects.
  const store = openSqliteStore(config.store.sqlitePath, { create: config.store.create });
  const temporal = await connectTemporalClient(config).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  try {
    const providers = createProviderClients(config, logger.child({ component: 'providers' }));
    const now = (): Date => new Date();
    const guard = createAbuseGuard(config, store, createAuditRecorder(store, now), now);
    const app = createApiApp({ client: temporal.client, store, config, logger, providers }, guard);
    const watchdog = startSweepWatchdog({ store, providers, config, logger: logger.child({ component: 'watchdog' }) });
    const server = serve({ fetch: app.fetch, port: config.api.port, hostname: config.api.host });
    await once(server, 'listening');
    const bound = server.address();
    logger.info('api listening', {
      // The port bound (API_PORT=0 asks the system for a free one).
      port: typeof bound === 'object' && bound ? bound.port : config.api.port,
      host: config.api.host,
      principals: config.api.credentials.map((credential) => `${credential.name}:${credential.role}`),
      publicUrl: config.api.publicUrl,
      openapi: `${config.api.publicUrl}/openapi.json`,
      metrics: `${config.api.publicUrl}/metrics`,
      temporal: config.temporal.address,
      namespace: config.temporal.namespace,
      tracing: config.tracing ? describeTracesUrl(config.tracing.tracesUrl) : null,
    });
    const [signal] = (await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')])) as [string];
    logger.info('api stopping', { signal });
    watchdog.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    guard.close();
  } finally {
    await store.close();
    await temporal.close();
    await tracing?.shutdown();
  }
  logger.info('api stopped');
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? { name: err.name, message: err.message } : { message: String(err) };
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'api failed', error })}\n`,
  );
  process.exit(1);
});
