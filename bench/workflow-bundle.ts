/**
 * The bench worker's workflow bundle (bench/workflows.ts: provisionTenant, orphanScan, floorGraph). By default the
 * worker bundles it at start, as worker/main.ts does; with BENCH_WORKFLOW_BUNDLE=prebuilt the bench writes it to a
 * file first and the worker loads that file, as a production deployment with a build step would.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/** Variable naming a prebuilt bundle file for bench/bench-worker.ts. */
export const BUNDLE_PATH_ENV = 'BENCH_WORKFLOW_BUNDLE_PATH';

/** Entry point of the bench bundle. */
export const BENCH_WORKFLOWS_PATH = require.resolve('./workflows');

/** Bundles bench/workflows.ts into `dir`; resolves to the file's path (it lasts as long as `dir`). */
export async function writeBenchWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: BENCH_WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  const path = join(dir, 'bench-workflow-bundle.js');
  await writeFile(path, code);
  return path;
}
