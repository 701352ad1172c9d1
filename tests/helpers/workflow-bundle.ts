/**
 * One workflow bundle per test run: the Jest global setup bundles workflows/ once into `.cache/` and publishes its
 * path in an environment variable; test stacks and the chaos harness load it instead of bundling again for every
 * worker. The bundle is written by worker/workflow-bundle.ts, as for production.
 */
import { resolve } from 'node:path';
import { writeWorkflowBundle as writeBundleFile } from '../../worker/workflow-bundle';

/** Environment variable holding the bundle's absolute path during a test run. */
export const WORKFLOW_BUNDLE_ENV = 'TEST_WORKFLOW_BUNDLE';

export const DEFAULT_WORKFLOW_BUNDLE_PATH = resolve(__dirname, '../../.cache/workflow-bundle.js');

/**
 * Bundles workflows/ into `path` and returns the path. Takes about a second. The file is replaced atomically, so a
 * concurrent run in the same checkout never reads half a bundle.
 */
export function writeWorkflowBundle(path: string = DEFAULT_WORKFLOW_BUNDLE_PATH): Promise<string> {
  return writeBundleFile(path);
}
