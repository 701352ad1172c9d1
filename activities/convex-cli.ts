/**
 * Runs the `convex` package's own CLI (`convex deploy`, as a child process) on the tenant backend (tenant-backend/).
 * The deploy key goes to the child in its environment only (`CONVEX_DEPLOY_KEY`), never in arguments, and is
 * redacted from everything the child prints before that text reaches an error or a log. The child gets a minimal
 * environment (no other secret of the worker) with:
 *
 * - `CONVEX_PROVISION_HOST`: the provision host (the sandbox, or unset for Convex itself); the CLI reads it once
 *   (`cli/lib/utils/utils.js`) and, when it is not Convex's, never starts its Sentry error reporting;
 * - `CI=1`: non-interactive, and no Sentry reporting against Convex itself either (`cli/lib/utils/sentry.js`);
 * - `CONVEX_VERSION_API_ORIGIN`: the CLI's version/update check (`cli/lib/versionApi.js`, version.convex.dev) has
 *   no off switch; it is pointed at a closed local port, so it fails at once and the CLI skips it silently.
 *
 * Bundling costs CPU, so deploys run at most `concurrency` at a time per worker. Each push is measured in the provider
 * series (activities/prometheus-metrics.ts).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { errorKindOfThrown, observeProviderCall } from './prometheus-metrics';
import { traceProviderOperation } from '../tracing/provider-call-span';

/** The folder `convex deploy` runs in: the tenant's Convex app (see tenant-backend/README.md). */
export const TENANT_BACKEND_DIR = resolve(__dirname, '../tenant-backend');
/** `convex deploy` without prompts, code generation, type checking or build-environment checks (done at build time). */
export const CONVEX_DEPLOY_ARGS = [
  'deploy',
  '--yes',
  '--codegen',
  'disable',
  '--typecheck',
  'disable',
  '--check-build-environment',
  'disable',
] as const;

/** The `convex` package's own CLI entry. */
export const CONVEX_CLI = resolve(__dirname, '../node_modules/convex/bin/main.js');
/** Nothing listens on the discard port: the CLI's version check is refused at once. */
const CLOSED_LOCAL_ORIGIN = 'http://127.0.0.1:9';
const OUTPUT_LIMIT = 64 * 1024;

export interface ConvexDeployOutcome {
  ok: boolean;
  exitCode: number | null;
  /** What the CLI printed (stdout and stderr, the deploy key redacted), at most 64 KiB. */
  output: string;
  wallMs: number;
}

export interface ConvexCli {
  /**
   * `convex deploy` of the tenant backend with this deploy key; resolves with the outcome, never with the key.
   * `signal` aborts it, waiting or running (the child is killed): pass one that also fires at the attempt's deadline.
   */
  deploy(deployKey: string, options?: { signal?: AbortSignal }): Promise<ConvexDeployOutcome>;
}

export interface ConvexCliOptions {
  /** The provision host (`CONVEX_PROVISION_HOST`); undefined for Convex's own. */
  provisionHost: string | undefined;
  /** Deploys at once per process. */
  concurrency: number;
  /** One deploy's time limit. */
  timeoutMs: number;
  /** The app folder; defaults to {@link TENANT_BACKEND_DIR}. */
  appDir?: string;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('aborted'), { name: 'AbortError' });
}

/**
 * A FIFO semaphore. A waiter whose signal aborts leaves the queue at once: an attempt that Temporal has already
 * given up on (its start-to-close passed) must not hold a place that a live attempt needs.
 */
function limiter(limit: number): <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      if (running < limit) {
        running += 1;
        return resolve();
      }
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        running += 1;
        resolve();
      };
      const onAbort = () => {
        waiting.splice(waiting.indexOf(grant), 1);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(grant);
    });
  return async (task, signal) => {
    await acquire(signal);
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/** `text` with every occurrence of the key and of its secret part replaced. */
export function redactDeployKey(text: string, deployKey: string): string {
  const secret = deployKey.includes('|') ? deployKey.slice(deployKey.indexOf('|') + 1) : deployKey;
  return [deployKey, secret].filter((s) => s.length >= 8).reduce((out, s) => out.split(s).join('<redacted>'), text);
}

export function createConvexCli(options: ConvexCliOptions): ConvexCli {
  const limit = limiter(options.concurrency);
  const run = (deployKey: string, signal: AbortSignal | undefined) =>
    new Promise<ConvexDeployOutcome>((resolveOutcome, reject) => {
      const started = Date.now();
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        CONVEX_DEPLOY_KEY: deployKey,
        CONVEX_VERSION_API_ORIGIN: CLOSED_LOCAL_ORIGIN,
        CI: '1',
        NO_COLOR: '1',
      };
      if (options.provisionHost) env.CONVEX_PROVISION_HOST = options.provisionHost;
      const child = spawn(process.execPath, [CONVEX_CLI, ...CONVEX_DEPLOY_ARGS], {
        cwd: options.appDir ?? TENANT_BACKEND_DIR,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        signal,
        timeout: options.timeoutMs,
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8');
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', (err) => {
        if (err.name === 'AbortError') reject(err);
        else
          resolveOutcome({
            ok: false,
            exitCode: null,
            output: redactDeployKey(err.message, deployKey),
            wallMs: Date.now() - started,
          });
      });
      child.on('close', (exitCode) =>
        resolveOutcome({
          ok: exitCode === 0,
          exitCode,
          output: redactDeployKey(output.slice(0, OUTPUT_LIMIT), deployKey),
          wallMs: Date.now() - started,
        }),
      );
    });
  return {
    deploy: (deployKey, opts = {}) =>
      limit(
        () =>
          measured(
            traceProviderOperation(
              'convex_deployment',
              'convexDeploy',
              () => run(deployKey, opts.signal),
              (outcome) => ({
                failed: !outcome.ok,
                attributes: { 'process.exit.code': outcome.exitCode ?? -1 },
              }),
            ),
          ),
        opts.signal,
      ),
  };
}

/**
 * Records one push in the provider series (`convex_deployment`/`convexDeploy`), from spawn to exit: the wait for a
 * deploy slot is not part of it. A non-zero exit is an `exit_code` error; an aborted push, `cancelled` or `timeout`.
 */
async function measured(push: Promise<ConvexDeployOutcome>): Promise<ConvexDeployOutcome> {
  const started = performance.now();
  const labels = { provider: 'convex_deployment', operation: 'convexDeploy' };
  try {
    const outcome = await push;
    observeProviderCall({ ...labels, durationMs: outcome.wallMs, error: outcome.ok ? undefined : 'exit_code' });
    return outcome;
  } catch (err) {
    observeProviderCall({ ...labels, durationMs: performance.now() - started, error: errorKindOfThrown(err) });
    throw err;
  }
}
