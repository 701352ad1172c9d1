/**
 * The benchmark's worker process, started by bench/run.ts as a child so its RSS can be read from /proc. Wired like
 * worker/main.ts (configuration from env, Runtime, SQLite store, real provider clients, createActivities) but with
 * the bench bundle (bench/workflows.ts: provisionTenant, orphanScan, floorGraph) and the `noop` activity added.
 *
 * Loads the prebuilt bundle named by BENCH_WORKFLOW_BUNDLE_PATH, as worker/main.ts loads WORKFLOW_BUNDLE_PATH, or
 * without it bundles the workflows at start (BENCH_WORKFLOW_BUNDLE=source). Tells the parent `{type: 'ready', pid}`
 * over IPC once it polls; stops (draining) on SIGTERM/SIGINT or when the parent goes away, then closes the store and
 * the connection.
 */
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
  installRuntime(logger.child({ component: 'temporal' }), { level: config.logLevel });
  const { address, namespace, taskQueue } = config.temporal;
  const connection = await NativeConnection.connect({ address });
  const store = openSqliteStore(config.store.sqlitePath, { create: config.store.create });
  try {
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
    const bundlePath = process.env[BUNDLE_PATH_ENV];
    const workflowBundle = bundlePath
      ? { codePath: bundlePath }
      : {
          code: (await bundleWorkflowCode({ workflowsPath: BENCH_WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }))
            .code,
        };
    const worker = await createProvisioningWorker({ connection, namespace, taskQueue, activities, workflowBundle });
    // Losing the parent (crash, kill -9) must not leave a worker polling forever.
    process.once('disconnect', () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
    const running = worker.run();
    const ready: BenchWorkerReady = { type: 'ready', pid: process.pid };
    process.send?.(ready);
    await running;
  } finally {
    await store.close();
    await connection.close();
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
