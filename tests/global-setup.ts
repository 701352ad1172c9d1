/**
 * Jest global setup: bundles the workflow code once per run (see tests/helpers/workflow-bundle.ts). When bundling
 * fails, the run goes on without the shared bundle, so each worker bundles from source and reports the real error
 * in the tests that need workflows, while the other tests still run.
 */
import { WORKFLOW_BUNDLE_ENV, writeWorkflowBundle } from './helpers/workflow-bundle';

export default async function globalSetup(): Promise<void> {
  try {
    process.env[WORKFLOW_BUNDLE_ENV] = await writeWorkflowBundle();
  } catch (err) {
    delete process.env[WORKFLOW_BUNDLE_ENV];
    process.stderr.write(
      `\nwarning: could not bundle workflows/ (${(err as Error).message}); workers bundle from source\n`,
    );
  }
}
