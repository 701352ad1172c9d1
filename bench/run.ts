/**
 * `npm run bench`: the provisioning benchmark, self-contained. Starts a throwaway in-memory Temporal dev server
 * (or uses TEMPORAL_ADDRESS), the sandbox in-process and the worker as a child process, then measures against a
 * baseline taken in the same run (floorGraph: provisionTenant's graph of no-op activities):
 *   1. latency p50/p95 on the `zero` profile, interleaved with the floor;
 *   2. throughput of N jobs started at once, and the worker's max RSS while they are in flight;
 *   3. a few jobs on the `realistic` profile: end-to-end time versus the critical path of their own step timings.
 * Prints a markdown report and writes it into docs/BENCHMARKS.md (marked section). Stops everything it started,
 * also on error and on SIGINT/SIGTERM/SIGHUP. Then runs the recovery benchmark (bench/recovery.ts, a chaos run with
 * its own stack; BENCH_CHAOS_JOBS=0 skips it). Options: bench/options.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectTemporalClient } from '../client/connect';
import { startSandbox } from '../sandbox/server';
import { createJsonLogger } from '../common/logging';
import { machineBusyMs, ownCpuMs, processCpuMs, type CpuProbe } from './cpu';
import { startTemporalServer } from './dev-server';
import { writeMarkedSection } from './docs-section';
import type { BenchTarget } from './jobs';
import { measureLatency } from './latency';
import { machineFacts } from './machine';
import { benchCommand, parseBenchOptions, type BenchOptions } from './options';
import { measureRealistic } from './realistic';
import { parseObservabilityOptions, runObservabilityBench } from './observability';
import { parseRecoveryOptions, recoveryCommand, runRecoveryBench } from './recovery';
import { renderReport } from './report';
import { measureThroughput } from './throughput';
import { BUNDLE_PATH_ENV, writeBenchWorkflowBundle } from './workflow-bundle';
import { startBenchWorker } from './worker-process';

const REPO_ROOT = resolve(__dirname, '..');
const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');

/** The command line of this run, for the reports (BENCH_CHAOS_JOBS of the recovery part included). */
function commandOf(env: NodeJS.ProcessEnv): string {
  return recoveryCommand(env, benchCommand(env, env.npm_lifecycle_event === 'bench'));
}

/** Set on SIGINT/SIGTERM/SIGHUP: the signal handler stops everything and exits 130. */
let interrupted = false;

function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** What was started, stopped in reverse order; a failing stop is reported and the others still run. */
class Cleanups {
  private readonly steps: { name: string; stop: () => Promise<unknown> }[] = [];

  push(name: string, stop: () => Promise<unknown>): void {
    this.steps.push({ name, stop });
  }

  async runAll(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.stop();
      } catch (err) {
        note(`stopping ${step.name} failed: ${(err as Error).message}`);
      }
    }
  }
}

async function run(options: BenchOptions, cleanups: Cleanups): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  note('starting Temporal');
  const server = await startTemporalServer(process.env, options.devServerArgs);
  cleanups.push('Temporal dev server', () => server.stop());
  note(server.external ? `using Temporal at ${server.address}` : `Temporal dev server at ${server.address}`);

  const sandboxLogger = createJsonLogger({
    level: 'warn',
    base: { service: 'sandbox' },
    write: (line) => process.stderr.write(line + '\n'),
  });
  const sandbox = await startSandbox({ port: 0, latency: 'zero', logger: sandboxLogger });
  cleanups.push('sandbox', () => sandbox.close());

  const tempDir = await mkdtemp(join(tmpdir(), 'tenant-orchestrator-bench-'));
  cleanups.push('temp dir', () => rm(tempDir, { recursive: true, force: true }));

  const runId = randomBytes(3).toString('hex');
  const taskQueue = `tenant-provisioning-bench-${runId}`;
  const prebuilt = options.workflowBundle === 'prebuilt';
  if (prebuilt) note('bundling workflows');
  const bundlePath = prebuilt ? await writeBenchWorkflowBundle(tempDir) : undefined;
  note(prebuilt ? 'starting the worker (prebuilt bundle)' : 'starting the worker (it bundles the workflows at start)');
  const worker = await startBenchWorker(REPO_ROOT, {
    // What-if settings first: the wiring below always wins.
    ...options.workerEnv,
    ...(bundlePath ? { [BUNDLE_PATH_ENV]: bundlePath } : {}),
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SANDBOX_URL: sandbox.url,
    DATA_DIR: tempDir,
    STORE_SQLITE_PATH: join(tempDir, 'brain.sqlite'),
    STORE_CREATE: 'true',
    LOG_LEVEL: 'warn',
    // Every bench job has the same requester; the quota is not what is measured.
    MAX_INSTANCES_PER_REQUESTER: '1000000',
    // A job that fails cleans up and ends at once (failing the bench with its error) instead of waiting 24 h.
    PROVISION_CLEANUP_GRACE: '1s',
  });
  cleanups.push('worker', () => worker.stop());
  note(`worker running (pid ${worker.pid})`);

  const temporal = await connectTemporalClient({
    temporal: { address: server.address, namespace: server.namespace, taskQueue },
  });
  cleanups.push('Temporal client', () => temporal.close());
  const serverPid = server.pid;
  const cpuProbes: CpuProbe[] = [
    ...(serverPid !== undefined ? [{ name: 'server', read: () => processCpuMs(serverPid) }] : []),
    { name: 'worker', read: () => processCpuMs(worker.pid) },
    { name: 'bench', read: ownCpuMs },
    { name: 'machine', read: machineBusyMs },
  ];
  const target: BenchTarget = { client: temporal.client, taskQueue, runId, worker, cpuProbes };

  note(`latency: ${options.latencyRuns} runs of each kind`);
  const latency = await measureLatency(target, options.latencyRuns, options.warmupRuns, options.latencyGapMs, note);
  note(`throughput: ${options.throughputJobs} jobs at once, ${options.throughputRounds} rounds`);
  const throughput = await measureThroughput(target, options.throughputJobs, options.throughputRounds, note);
  let realistic;
  if (!options.skipRealistic) {
    note(`realistic profile: ${options.realisticJobs} jobs at once (about a minute)`);
    realistic = await measureRealistic(target, sandbox.url, options.realisticJobs);
  }

  const report = renderReport({
    date: new Date(),
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    machine: machineFacts(REPO_ROOT),
    server: server.external
      ? `Temporal at TEMPORAL_ADDRESS (${server.address})`
      : 'throwaway in-memory `temporal server start-dev` (Temporal CLI v1.5.1)',
    workerSetup: prebuilt
      ? 'worker loads a prebuilt workflow bundle (as worker/main.ts does with WORKFLOW_BUNDLE_PATH)'
      : 'worker bundles its workflows at start (`BENCH_WORKFLOW_BUNDLE=source`, no build step)',
    command: commandOf(process.env),
    latency,
    throughput,
    ...(realistic ? { realistic } : {}),
  });
  process.stdout.write(`\n${report}\n`);
  if (options.writeDocs) {
    await writeMarkedSection(BENCHMARKS_DOC, report);
    note(`figures written to ${BENCHMARKS_DOC}`);
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.env);
  const recovery = parseRecoveryOptions(process.env);
  const cleanups = new Cleanups();
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    note(`${signal}: stopping what the bench started`);
    void cleanups.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  // A reader that goes away (`| head`) must not crash the bench before it stops its children.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // `npm run bench -- observability`: only the observability-on-versus-off throughput (bench/observability.ts).
  if (process.argv[2] === 'observability') {
    try {
      await runObservabilityBench(parseObservabilityOptions(process.env), cleanups, note);
    } finally {
      await cleanups.runAll();
    }
    return;
  }
  try {
    await run(options, cleanups);
  } finally {
    await cleanups.runAll();
  }
  // The chaos run starts its own server, sandbox and worker: only once ours are stopped, so they do not compete.
  await runRecoveryBench(recovery, commandOf(process.env), note);
}

main().catch((err: unknown) => {
  // Stopping on a signal fails whatever was in flight; that is not a failure of the bench.
  if (interrupted) return;
  process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
