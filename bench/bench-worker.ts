/**
 * The benchmark's worker process, started by bench/run.ts as a child so its RSS can be read from /proc. Wired like
 * worker/main.ts (configuration from env, Runtime, SQLite store, real provider clients, createActivities) but with
 * the bench bundle (bench/workflows.ts: provisionTenant, orphanScan, floorGraph) and the `noop` activity added.
 *
 * Loads the prebuilt bundle named by BENCH_WORKFLOW_BUNDLE_PATH, as worker/main.ts loads WORKFLOW_BUNDLE_PATH, or
 * without it bundles the workflows at start (BENCH_WORKFLOW_BUNDLE=source). Tells the parent `{type: 'ready', pid}`
 * over IPC once it polls; stops (draining) on SIGTERM/SIGINT or when the parent goes away, then closes the store and
 * the connection. With WORKER_METRICS_PORT it serves `/metrics` as worker/main.ts does (ours and the SDK's), and with an OTLP endpoint it
 * traces as worker/main.ts does (bench/observability.ts measures both).
 */
import { WORKFLOW_INTERCEPTOR_MODULES } from '../worker/workflow-bundle';
import { Client } from '@temporalio/client';
import { createTemporalJobLookup } from '../worker/job-lookup';
import { bundleWorkflowCode, DefaultLogger, NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ProvisioningActivities } from '../activities/contract';
import { openSqliteStore } from '../store/sqlite';
import { loadConfig } from '../common/config';
import { createProvisioningWorker } from '../worker/create-worker';
import { createJsonLogger } from '../common/logging';
import { createProviderClients } from '../worker/providers';
import { installRuntime } from '../worker/runtime';
import type { WorkerMetricsEndpoint } from '../worker/metrics-endpoint';
import { planWorkerMetrics } from '../worker/worker-metrics';
import { installTracing } from '../tracing/process-tracing';
import { checkBundleTracing, tracingWorkerOptions, WORKFLOW_TRACING_INTERCEPTORS } from '../tracing/temporal-worker';
import { createBenchActivities, type BenchActivities } from './noop-activity';
import { BENCH_WORKFLOWS_PATH, BUNDLE_PATH_ENV } from './workflow-bundle';

/** Message the worker sends its parent once it is polling. */
export interface BenchWorkerReady {
  type: 'ready';
  pid: number;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createJsonLogger({ level: config.logLevel, base: { service: 'bench-worker' } });
  const metricsPlan = await planWorkerMetrics(config);
  installRuntime(logger.child({ component: 'temporal' }), { level: config.logLevel, ...metricsPlan.runtime });
  // As worker/main.ts: nothing without an OTLP endpoint, and a prebuilt bundle must match; a bundle made here below
  // gets the workflow interceptors when tracing is on, so the worker options never carry them.
  const prebuilt = process.env[BUNDLE_PATH_ENV];
  if (prebuilt) await checkBundleTracing({ codePath: prebuilt }, config.tracing !== undefined);
  const tracing = installTracing(config, 'worker');
  const { address, namespace, taskQueue } = config.temporal;
  const connection = await NativeConnection.connect({ address });
  const store = openSqliteStore(config.store.sqlitePath, { create: config.store.create });
  let metrics: WorkerMetricsEndpoint | undefined;
  try {
    metrics = await metricsPlan.start(logger);
    const providers = createProviderClients(config, logger);
    const activities: ProvisioningActivities & BenchActivities = {
      ...createActivities({
        store,
        providers,
        config,
        logger,
        jobs: createTemporalJobLookup(new Client({ connection, namespace }), taskQueue),
      }),
      ...createBenchActivities(),
    };
    const workflowBundle = prebuilt
      ? { codePath: prebuilt }
      : {
          code: (
            await bundleWorkflowCode({
              workflowsPath: BENCH_WORKFLOWS_PATH,
              workflowInterceptorModules: [
                ...WORKFLOW_INTERCEPTOR_MODULES,
                ...(config.tracing ? [WORKFLOW_TRACING_INTERCEPTORS] : []),
              ],
              logger: new DefaultLogger('WARN'),
            })
          ).code,
        };
    const worker = await createProvisioningWorker({
      connection,
      namespace,
      taskQueue,
      activities,
      workflowBundle,
      overrides: tracingWorkerOptions(tracing, false),
    });
    // Losing the parent (crash, kill -9) must not leave a worker polling forever.
    process.once('disconnect', () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
    const running = worker.run();
    const ready: BenchWorkerReady = { type: 'ready', pid: process.pid };
    process.send?.(ready);
    await running;
  } finally {
    await metrics?.close();
    await store.close();
    await connection.close();
    await tracing?.shutdown();
    if (process.connected) process.disconnect();
  }
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? { name: err.name, message: err.message } : { message: String(err) };
  process.stderr.write(
    JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'bench worker failed', error }) + '\n',
  );
  process.exit(1);
});
