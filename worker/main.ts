/**
 * Worker process entry point (`npm run worker`): configuration → Runtime → Temporal connection → store → provider
 * clients → activities → worker, and `/metrics` on WORKER_METRICS_PORT when set (worker/metrics-endpoint.ts). Runs
 * until SIGINT/SIGTERM, then drains and closes what it opened.
 *
 * With WORKFLOW_BUNDLE_PATH it loads that prebuilt bundle (`npm run build:workflows`; a missing file fails the start);
 * without it, it bundles workflows/ at start, which is slower and leaves webpack's memory in the process.
 */
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { openSqliteStore } from '../store/sqlite';
import { loadConfig } from '../common/config';
import { createProvisioningWorker } from './create-worker';
import { createTemporalJobLookup } from './job-lookup';
import { createJsonLogger } from '../common/logging';
import { createProviderClients } from './providers';
import type { WorkerMetricsEndpoint } from './metrics-endpoint';
import { planWorkerMetrics } from './worker-metrics';
import { installRuntime } from './runtime';
import { describeTemporalSecurity, temporalConnectionOptions } from '../common/temporal-connection';
import { prebuiltWorkflowBundle } from './workflow-bundle';
import { startWorkerTracing } from '../tracing/temporal-worker';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createJsonLogger({ level: config.logLevel, base: { service: 'worker' } });
  // Core's exporter listens on a loopback port of its own; the worker's /metrics serves its series with ours.
  const metricsPlan = await planWorkerMetrics(config);
  installRuntime(logger.child({ component: 'temporal' }), { level: config.logLevel, ...metricsPlan.runtime });
  // Checked before connecting, so that a missing bundle is the error reported.
  const workflowBundle =
    config.workflowBundlePath !== undefined ? await prebuiltWorkflowBundle(config.workflowBundlePath) : undefined;
  // Nothing is installed without an OTLP endpoint; with one, a prebuilt bundle must hold the tracing interceptors.
  const tracing = await startWorkerTracing(config, workflowBundle);
  const { address, namespace, taskQueue } = config.temporal;
  // Opened before connecting too: a missing store file (StoreMissing, naming the path) ends the start at once.
  const store = openSqliteStore(config.store.sqlitePath, { create: config.store.create });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal)).catch(
    async (err: unknown) => {
      await store.close();
      throw err;
    },
  );
  let metrics: WorkerMetricsEndpoint | undefined;
  try {
    metrics = await metricsPlan.start(logger);
    const providers = createProviderClients(config, logger);
    const jobs = createTemporalJobLookup(new Client({ connection, namespace }), taskQueue);
    const activities = createActivities({ store, providers, config, logger, jobs });
    const worker = await createProvisioningWorker({
      connection,
      namespace,
      taskQueue,
      activities,
      workflowBundle,
      overrides: tracing.workerOptions,
    });
    logger.info('worker running', {
      address,
      namespace,
      taskQueue,
      security: describeTemporalSecurity(config.temporal),
      workflows: workflowBundle ? `bundle:${workflowBundle.codePath}` : 'source',
      metrics: metrics?.url ?? null,
      tracing: tracing.describe,
    });
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await metrics?.close();
    await store.close();
    await connection.close();
    await tracing.shutdown();
  }
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? { name: err.name, message: err.message } : { message: String(err) };
  process.stderr.write(
    JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'worker failed', error }) + '\n',
  );
  process.exit(1);
});
