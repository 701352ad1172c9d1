/**
 * `npm run build:workflows [-- <path>]`: bundles workflows/ into one file (default `.temporal/workflow-bundle.js`)
 * for a worker started with `WORKFLOW_BUNDLE_PATH=<path>`, with the tracing interceptors when an OTLP endpoint is
 * configured (as that worker's is). Prints the path and size it wrote; exits 1 when
 * bundling fails, 2 on bad usage.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WORKFLOW_TRACING_INTERCEPTORS } from '../tracing/temporal-worker';
import { loadConfig } from '../common/config';
import { DEFAULT_WORKFLOW_BUNDLE_PATH, writeWorkflowBundle, WORKFLOWS_PATH } from './workflow-bundle';

const USAGE = 'usage: npm run build:workflows [-- <path>]   (default .temporal/workflow-bundle.js)\n';

async function main(args: string[]): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.length > 1 || args[0]?.startsWith('-')) {
    process.stderr.write(USAGE);
    return 2;
  }
  // npm runs scripts from the package root; a relative path means one relative to where npm was called.
  const path = args[0] ? resolve(process.env.INIT_CWD ?? process.cwd(), args[0]) : DEFAULT_WORKFLOW_BUNDLE_PATH;
  const startedAt = Date.now();
  // A worker with an OTLP endpoint runs the tracing interceptors, so its bundle must hold them (and only its).
  const traced = loadConfig(process.env).tracing !== undefined;
  await writeWorkflowBundle(path, WORKFLOWS_PATH, traced ? [WORKFLOW_TRACING_INTERCEPTORS] : []);
  const { size } = await stat(path);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    `wrote ${path} (${(size / 1024).toFixed(0)} KiB in ${seconds} s${traced ? ', with tracing interceptors' : ''})\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `build:workflows failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
