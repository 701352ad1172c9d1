/**
 * Temporal's time-skipping test server (the Java one from Maven Central, prepared by `./temporal-dev.sh test`, which
 * exports TEMPORAL_TEST_SERVER). Use it for timer-heavy behaviour with the real default durations; it has no schedules
 * and no visibility queries, so those stay on the dev server.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ClientOptionsForTestEnv } from '@temporalio/testing';
import { ensureTestRuntime } from './temporal';

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
