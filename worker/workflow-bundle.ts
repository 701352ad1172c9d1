/**
 * The prebuilt workflow bundle: workflows/ compiled by webpack into one file that a worker loads with
 * `workflowBundle: {codePath}` instead of bundling at start (which takes seconds and leaves webpack's memory in the
 * worker). Written by `npm run build:workflows`, `./temporal-dev.sh up`, the Jest global setup and the chaos
 * harness; loaded by worker/main.ts when WORKFLOW_BUNDLE_PATH is set.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundlePath } from '@temporalio/worker';

/** Entry point of the production bundle: every workflow the worker registers. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * The workflow interceptor modules every bundle carries (a prebuilt bundle has them inside it; a worker bundling at
 * start is given the same list): the job's correlation ID on every log line and activity header.
 */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [
  require.resolve('../workflows/interceptors/correlation'),
];

/** Where `npm run build:workflows` and `./temporal-dev.sh up` write the bundle (git-ignored). */
export const DEFAULT_WORKFLOW_BUNDLE_PATH = resolve(__dirname, '../.temporal/workflow-bundle.js');

/**
 * Bundles `workflowsPath` (default: workflows/) with `workflowInterceptorModules` (tracing's, when the worker traces:
 * tracing/temporal-worker.ts) into `path` and resolves to `path`. Takes a second or more. The file
 * is replaced atomically (written next to it, then renamed), so a worker starting meanwhile never reads half a bundle.
 */
export async function writeWorkflowBundle(
  path: string,
  workflowsPath: string = WORKFLOWS_PATH,
  workflowInterceptorModules: string[] = [],
): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES, ...workflowInterceptorModules],
    logger: new DefaultLogger('WARN'),
  });
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(partial, code);
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return path;
}

/**
 * The worker option that loads the bundle at `path` (WORKFLOW_BUNDLE_PATH), resolved against the working directory.
 * Rejects with an error naming the variable and the path when there is no such file, so that a worker started
 * without its build step fails at once rather than with a bare ENOENT from inside the SDK.
 */
export async function prebuiltWorkflowBundle(path: string): Promise<WorkflowBundlePath> {
  const codePath = resolve(path);
  const found = await stat(codePath).catch(() => undefined);
  if (!found?.isFile()) {
    const build = `npm run build:workflows -- ${path}`;
    throw new Error(
      `WORKFLOW_BUNDLE_PATH: no workflow bundle at ${codePath} (build it with \`${build}\`, ` +
        'or unset WORKFLOW_BUNDLE_PATH to bundle workflows/ at start)',
    );
  }
  return { codePath };
}
