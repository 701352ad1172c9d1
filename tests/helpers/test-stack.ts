/**
 * The whole orchestrator in one test process: an in-process sandbox, configuration with short durations, a fresh
 * SQLite store in a temp directory, the real provider clients and activities, and a worker on a task queue of its
 * own (so test files never take each other's tasks), against the dev server of `./temporal-dev.sh test`.
 *
 *   const stack = await startTestStack();
 *   afterAll(() => stack.close());
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { startSandbox } from '../../sandbox/server';
import type { RunningSandbox } from '../../sandbox/server';
import type { BrainStore } from '../../store/port';
import { openSqliteStore } from '../../store/sqlite';
import { loadConfig } from '../../common/config';
import type { AppConfig } from '../../common/config';
import { createProvisioningWorker } from '../../worker/create-worker';
import type { ProvisioningWorkerOptions } from '../../worker/create-worker';
import { createTemporalJobLookup } from '../../worker/job-lookup';
import { silentLogger } from '../../common/logging';
import type { Logger } from '../../common/logging';
import { createProviderClients } from '../../worker/providers';
import { createSandboxControl } from './sandbox-control';
import type { SandboxControl, SandboxInventory } from './sandbox-control';
import { connectTestClient, temporalAddress, temporalNamespace, uniqueWorkflowSuffix } from './temporal';
import { WORKFLOW_BUNDLE_ENV } from './workflow-bundle';

export interface TestStackOptions {
  /** Extra configuration variables (common/config.ts names), applied over the test defaults. */
  env?: Record<string, string>;
  /** Sandbox latency profile (default `zero`). */
  latency?: 'zero' | 'realistic';
  /** Logger of the activities, provider clients and sandbox (default: silent). */
  logger?: Logger;
  /** Further worker options, e.g. `{ maxCachedWorkflows: 0 }` to replay every task. */
  workerOverrides?: ProvisioningWorkerOptions['overrides'];
  /** The workflow bundle of the worker (e.g. one with the tracing interceptors), instead of the run's shared one. */
  workflowBundle?: ProvisioningWorkerOptions['workflowBundle'];
}

export interface TestStack {
  client: Client;
  config: AppConfig;
  store: BrainStore;
  sandbox: RunningSandbox;
  /** The sandbox control API (site states, latency, reset). */
  control: SandboxControl;
  /** This stack's own task queue; pass it to whatever starts workflows. */
  taskQueue: string;
  inventory(): Promise<SandboxInventory>;
  faults: SandboxControl['faults'];
  setLatency: SandboxControl['setLatency'];
  setSiteState: SandboxControl['setSiteState'];
  /**
   * Awaits `fn` while the worker runs; rejects as soon as the worker stops or fails. The worker keeps running after
   * (it is stopped by `close()`), so this can be called any number of times.
   */
  runWorkerUntil<T>(fn: () => Promise<T>): Promise<T>;
  /** Stops the worker (like a crashed worker process) and starts a fresh one on the same task queue. */
  restartWorker(): Promise<void>;
  /** Stops the worker and leaves it stopped (`restartWorker` starts a fresh one). */
  stopWorker(): Promise<void>;
  /** Stops the worker, then closes the sandbox, the store and the connections; removes the temp directory. */
  close(): Promise<void>;
}

/** Durations of the test configuration: the same code as production with seconds instead of hours. */
export const TEST_ENV_DEFAULTS: Readonly<Record<string, string>> = {
  PROVISION_RETRY_INITIAL: '100ms',
  PROVISION_RETRY_MAX: '1s',
  PROVISION_CLEANUP_GRACE: '5s',
  PROVISION_ACTIVITY_TIMEOUT: '15s',
  PROVISION_DEPLOYMENT_TIMEOUT: '60s',
  DEPLOY_POLL_INTERVAL: '100ms',
  PROVIDER_TIMEOUT: '5s',
  LOG_LEVEL: 'warn',
};

const TEST_WORKER_OVERRIDES: ProvisioningWorkerOptions['overrides'] = {
  shutdownGraceTime: '1s',
  shutdownForceTime: '15s',
};

/** Starts a stack; always `await stack.close()` (afterAll). On a failed start, whatever was started is closed. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'closing the test stack failed');
  };
  try {
    return await buildStack(options, cleanups, closeAll);
  } catch (err) {
    await closeAll().catch(() => undefined);
    throw err;
  }
}

async function buildStack(
  options: TestStackOptions,
  cleanups: (() => Promise<void>)[],
  closeAll: () => Promise<void>,
): Promise<TestStack> {
  const logger = options.logger ?? silentLogger;
  const taskQueue = `tenant-provisioning-test-${uniqueWorkflowSuffix()}`;

  const tempDir = await mkdtemp(join(tmpdir(), 'tenant-orchestrator-test-'));
  cleanups.push(() => rm(tempDir, { recursive: true, force: true }));

  const connections = await connectTestClient();
  cleanups.push(() => connections.close());

  const sandbox = await startSandbox({ port: 0, latency: options.latency ?? 'zero', logger });
  cleanups.push(() => sandbox.close());

  const config = loadConfig({
    ...TEST_ENV_DEFAULTS,
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_NAMESPACE: temporalNamespace(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    SANDBOX_URL: sandbox.url,
    DATA_DIR: tempDir,
    STORE_SQLITE_PATH: join(tempDir, 'brain.sqlite'),
    ...options.env,
  });

  const store = openSqliteStore(config.store.sqlitePath, { create: true });
  cleanups.push(() => store.close());

  const providers = createProviderClients(config, logger);
  const jobs = createTemporalJobLookup(connections.client, taskQueue);
  const activities = createActivities({ store, providers, config, logger, jobs });
  const bundlePath = process.env[WORKFLOW_BUNDLE_ENV];
  const workerOptions: ProvisioningWorkerOptions = {
    connection: connections.nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    activities,
    ...(bundlePath && existsSync(bundlePath) ? { workflowBundle: { codePath: bundlePath } } : {}),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    overrides: { ...TEST_WORKER_OVERRIDES, ...options.workerOverrides },
  };

  let running = await startWorker(workerOptions);
  // Registered after the sandbox and store so it runs first: in-flight activities still reach them while draining.
  cleanups.push(() => stopWorker(running));

  const control = createSandboxControl(sandbox.url);
  return {
    client: connections.client,
    config,
    store,
    sandbox,
    control,
    taskQueue,
    inventory: () => control.inventory(),
    faults: control.faults,
    setLatency: (settings) => control.setLatency(settings),
    setSiteState: (name, state) => control.setSiteState(name, state),
    runWorkerUntil: <T>(fn: () => Promise<T>) =>
      Promise.race([
        fn(),
        running.done.then((): never => {
          throw new Error('the test worker stopped before the awaited work finished');
        }),
      ]),
    restartWorker: async () => {
      await stopWorker(running);
      running = await startWorker(workerOptions);
    },
    stopWorker: () => stopWorker(running),
    close: closeAll,
  };
}

interface RunningWorker {
  worker: Worker;
  /** Settles when `worker.run()` does (resolves after shutdown, rejects when the worker fails). */
  done: Promise<void>;
}

async function startWorker(options: ProvisioningWorkerOptions): Promise<RunningWorker> {
  const worker = await createProvisioningWorker(options);
  const done = worker.run();
  // Observed by runWorkerUntil/stopWorker; without this an early worker failure would be an unhandled rejection.
  done.catch(() => undefined);
  return { worker, done };
}

async function stopWorker({ worker, done }: RunningWorker): Promise<void> {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await done;
}
