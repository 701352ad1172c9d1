/**
 * The bench worker's workflow bundle (bench/workflows.ts: provisionTenant, orphanScan, floorGraph). By default the
 * bench writes it to a file first and the worker loads that file, as worker/main.ts does with WORKFLOW_BUNDLE_PATH;
 * with BENCH_WORKFLOW_BUNDLE=source the worker bundles it at start instead (a worker without a build step).
 */
import { join } from 'node:path';
import { WORKFLOW_TRACING_INTERCEPTORS } from '../tracing/temporal-worker';
import { writeWorkflowBundle } from '../worker/workflow-bundle';

/** Variable naming a prebuilt bundle file for bench/bench-worker.ts. */
export const BUNDLE_PATH_ENV = 'BENCH_WORKFLOW_BUNDLE_PATH';

/** Entry point of the bench bundle. */
export const BENCH_WORKFLOWS_PATH = require.resolve('./workflows');

/**
 * Bundles bench/workflows.ts into `dir`, with the tracing interceptors when `traced` (for a worker with an OTLP
 * endpoint); resolves to the file's path (it lasts as long as `dir`).
 */
export async function writeBenchWorkflowBundle(dir: string, traced = false): Promise<string> {
  const name = traced ? 'bench-workflow-bundle-traced.js' : 'bench-workflow-bundle.js';
  return writeWorkflowBundle(join(dir, name), BENCH_WORKFLOWS_PATH, traced ? [WORKFLOW_TRACING_INTERCEPTORS] : []);
}
