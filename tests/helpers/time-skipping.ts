/**
 * Temporal's time-skipping test server (the Java one from Maven Central, prepared by `./temporal-dev.sh test`, which
 * exports TEMPORAL_TEST_SERVER). Use it for timer-heavy behaviour with the real default durations; it has no schedules
 * and no visibility queries, so those stay on the dev server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ClientOptionsForTestEnv } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import type { BrainStore } from '../../store/port';
import { openSqliteStore } from '../../store/sqlite';
import { loadConfig, type AppConfig } from '../../common/config';
import { createProvisioningWorker } from '../../worker/create-worker';
import { createTemporalJobLookup } from '../../worker/job-lookup';
import { silentLogger } from '../../common/logging';
import { createProviderClients } from '../../worker/providers';
import { CONTRACT_SEARCH_ATTRIBUTES } from '../../workflows/contracts/search-attributes';
import { createSandboxControl, type SandboxControl } from './sandbox-control';
import { ensureTestRuntime, uniqueWorkflowSuffix } from './temporal';

/** Absolute path of the test server wrapper script; throws when unset. */
export function timeSkippingServerPath(): string {
  const path = process.env.TEMPORAL_TEST_SERVER;
  if (!path) {
    throw new Error(
      'TEMPORAL_TEST_SERVER is not set: run the tests with ./temporal-dev.sh test (it fetches ' +
        'io.temporal:temporal-test-server from Maven Central and exports the path of its wrapper script)',
    );
  }
  return path;
}

/** Attempts at starting the server: the SDK allows it a hard-coded 5 s, which a busy machine can miss. */
const START_ATTEMPTS = 3;

/** Starts a time-skipping environment; call `env.teardown()` in afterAll. */
export async function createTimeSkippingEnv(client?: ClientOptionsForTestEnv): Promise<TestWorkflowEnvironment> {
  const path = timeSkippingServerPath();
  ensureTestRuntime();
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path } },
        ...(client ? { client } : {}),
      });
    } catch (err) {
      // The SDK kills a server that missed its start deadline, so another attempt starts clean.
      if (attempt >= START_ATTEMPTS || !/did not start within/.test((err as Error).message)) throw err;
    }
  }
}

/** A worker with the real activities (sandbox in-process, SQLite store in a temp dir) on the time-skipping server. */
export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  sandbox: RunningSandbox;
  control: SandboxControl;
  store: BrainStore;
  config: AppConfig;
  taskQueue: string;
  /** Stops the worker, closes the store and the sandbox, tears the server down, removes the temp dir. */
  close(): Promise<void>;
}

/**
 * Starts the time-skipping server with the contract's search attributes, the sandbox, a store and a worker on a task
 * queue of its own. `configEnv` adds variables to the configuration (none: every duration is its default).
 */
export async function startTimeSkippingStack(
  name: string,
  configEnv: Record<string, string> = {},
): Promise<TimeSkippingStack> {
  const env = await createTimeSkippingEnv();
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      CONTRACT_SEARCH_ATTRIBUTES.map((key) => [
        key.name,
        temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  const sandbox = await startSandbox({ port: 0 });
  const tempDir = await mkdtemp(join(tmpdir(), `${name}-`));
  const config = loadConfig({
    SANDBOX_URL: sandbox.url,
    STORE_SQLITE_PATH: join(tempDir, 'brain.sqlite'),
    ...configEnv,
  });
  const store = openSqliteStore(config.store.sqlitePath, { create: true });
  const taskQueue = `${name}-${uniqueWorkflowSuffix()}`;
  const activities = createActivities({
    store,
    providers: createProviderClients(config, silentLogger),
    config,
    logger: silentLogger,
    jobs: createTemporalJobLookup(env.client, taskQueue),
  });
  const worker = await createProvisioningWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities,
  });
  const running = worker.run();
  return {
    env,
    sandbox,
    control: createSandboxControl(sandbox.url),
    store,
    config,
    taskQueue,
    close: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await store.close();
      await sandbox.close();
      await env.teardown();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}
