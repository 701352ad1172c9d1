/**
 * Connections to the Temporal dev server the test run uses (started by `./temporal-dev.sh test`, which exports
 * TEMPORAL_ADDRESS). Each test file opens its own connections and closes them in afterAll.
 */
import { OWN_CLIENT_IDENTITY_PREFIX } from '../../activities/identity-source';
import { ownClientInterceptors } from '../../client/connect';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';

/** Address of the test dev server; throws when the tests were not started through the stack script. */
export function temporalAddress(): string {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error(
      'TEMPORAL_ADDRESS is not set: run the tests with ./temporal-dev.sh test (it starts a throwaway Temporal dev server), ' +
        'or export TEMPORAL_ADDRESS=host:port of a running dev server started with the contract search attributes',
    );
  }
  return address;
}

export function temporalNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE || 'default';
}

const SDK_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
type SdkLogLevel = (typeof SDK_LOG_LEVELS)[number];

/** SDK log level of tests: TEST_LOG_LEVEL (e.g. `WARN` to see activity retries), default ERROR. */
export function testLogLevel(): SdkLogLevel {
  const wanted = (process.env.TEST_LOG_LEVEL ?? 'ERROR').toUpperCase();
  return SDK_LOG_LEVELS.find((level) => level === wanted) ?? 'ERROR';
}

/**
 * Installs a Runtime that logs at {@link testLogLevel} (expected activity and workflow failures are WARN) and leaves
 * SIGINT/SIGTERM to Jest. Must run before the first connection of a test file; later calls (and a Runtime installed
 * elsewhere first) are left alone.
 */
export function ensureTestRuntime(): void {
  const level = testLogLevel();
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: {
        // Core logs go straight to stderr: forwarding them to the JS logger would hold the event loop open until the
        // Runtime shuts down, which never happens in a test file that installs it without opening a connection.
        logging: { filter: makeTelemetryFilterString({ core: level, other: 'ERROR' }), console: {} },
      },
      shutdownSignals: [],
    });
  } catch (err) {
    if ((err as Error).name !== 'IllegalStateError') throw err;
  }
}

export interface TestConnections {
  client: Client;
  /** For `Worker.create`. */
  nativeConnection: NativeConnection;
  /** Closes both connections; awaited in afterAll. */
  close(): Promise<void>;
}

/** Connects a client and a worker connection to the test dev server. Close them when done. */
export async function connectTestClient(): Promise<TestConnections> {
  ensureTestRuntime();
  const address = temporalAddress();
  const connection = await Connection.connect({ address });
  let nativeConnection: NativeConnection;
  try {
    nativeConnection = await NativeConnection.connect({ address });
  } catch (err) {
    await connection.close();
    throw err;
  }
  // The identity of this project's own clients (client/connect.ts): the tests' client plays the API and the CLI.
  const client = new Client({
    connection,
    namespace: temporalNamespace(),
    identity: `${OWN_CLIENT_IDENTITY_PREFIX}tests`,
    interceptors: ownClientInterceptors(),
  });
  return {
    client,
    nativeConnection,
    close: async () => {
      await Promise.allSettled([nativeConnection.close(), connection.close()]);
    },
  };
}

/** A short random suffix (8 hex chars) that gives each test its own tenant, workflow and task-queue names. */
export function uniqueWorkflowSuffix(): string {
  return randomBytes(4).toString('hex');
}
