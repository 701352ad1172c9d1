/**
 * One workflow bundle per test run: the Jest global setup bundles workflows/ once into `.cache/` and publishes its
 * path in an environment variable; test stacks load it instead of bundling again for every worker.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/** Environment variable holding the bundle's absolute path during a test run. */
export const WORKFLOW_BUNDLE_ENV = 'TEST_WORKFLOW_BUNDLE';

export const DEFAULT_WORKFLOW_BUNDLE_PATH = resolve(__dirname, '../../.cache/workflow-bundle.js');

/**
 * Bundles workflows/ into `path` and returns the path. Takes about a second. The file is replaced atomically, so a
 * concurrent run in the same checkout never reads half a bundle.
 */
export async function writeWorkflowBundle(path: string = DEFAULT_WORKFLOW_BUNDLE_PATH): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, code);
  await rename(partial, path);
  return path;
}
