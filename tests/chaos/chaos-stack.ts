/**
 * Everything a chaos run starts, owned by this run only: a Temporal dev server on a free port with its state in a
 * db file (so it can be restarted with the jobs kept), the sandbox in-process, the worker as a supervised child
 * process sharing a SQLite store in the temp dir and loading a prebuilt workflow bundle (as in production, and so a
 * worker restarted after a SIGKILL polls without bundling first), and a Temporal client. `close()` stops all of it
 * and removes the temp dir (unless kept for debugging), also after a failed start.
 */
import type { Client } from '@temporalio/client';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTemporalServer, freePort, type BenchTemporalServer } from '../../bench/dev-server';
import { connectTemporalClient } from '../../client/connect';
import { createTenantProvisioningClient, type TenantProvisioningClient } from '../../client/lib';
import type { FaultRule } from '../../sandbox/faults';
import { startSandbox } from '../../sandbox/server';
import { createJsonLogger } from '../../common/logging';
import { writeWorkflowBundle } from '../../worker/workflow-bundle';
import { createSandboxControl, type SandboxControl } from '../helpers/sandbox-control';
import { WORKFLOW_BUNDLE_ENV } from '../helpers/workflow-bundle';
import { chaosWorkerEnv, type ChaosOptions } from './chaos-options';
import { superviseWorker, type WorkerSupervisor } from './worker-supervisor';

const REPO_ROOT = resolve(__dirname, '../..');
/**
 * The dev server's db file without an fsync per transaction: what it wrote survives the server process being
 * stopped or killed (the kernel holds it), which is what the chaos run restarts; only an OS crash could lose it.
 * With fsyncs on a shared disk the server, not the code under test, set the pace.
 */
const SQLITE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=off'];

export interface ChaosStack {
  dir: string;
  taskQueue: string;
  control: SandboxControl;
  lib: TenantProvisioningClient;
  /** The raw Temporal client (for what the library never does, e.g. starting a finished job again). */
  client: Client;
  /** The worker's SQLite store file. */
  sqlitePath: string;
  worker: WorkerSupervisor;
  /** Stops the dev server and starts it again on the same port with the same db file. */
  restartServer(): Promise<{ at: number; backAt: number }>;
  /** The sandbox's fault rules with how often each fired. */
  faultRules(): Promise<FaultRule[]>;
  close(): Promise<void>;
}

/** Starts the stack; on a failed start, whatever was started is stopped before the error is rethrown. */
export async function startChaosStack(options: ChaosOptions, runId: string): Promise<ChaosStack> {
  const cleanups: { name: string; stop: () => Promise<unknown> }[] = [];
  const close = async () => {
    const errors: unknown[] = [];
    for (const { name, stop } of cleanups.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        errors.push(new Error(`stopping ${name} failed: ${String(err)}`, { cause: err }));
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'closing the chaos stack failed');
  };
  try {
    return { ...(await build(options, runId, cleanups)), close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/**
 * The run's workflow bundle, in its temp dir so that every worker of the run loads the same code: a copy of the Jest
 * run's bundle (tests/helpers/workflow-bundle.ts) when there is one, else (bench/recovery.ts) one written now.
 */
async function workflowBundleIn(dir: string, note?: (message: string) => void): Promise<string> {
  const path = join(dir, 'workflow-bundle.js');
  const shared = process.env[WORKFLOW_BUNDLE_ENV];
  if (shared && existsSync(shared)) {
    await copyFile(shared, path);
  } else {
    note?.('bundling workflows/ for the worker');
    await writeWorkflowBundle(path);
  }
  return path;
}

async function build(
  options: ChaosOptions,
  runId: string,
  cleanups: { name: string; stop: () => Promise<unknown> }[],
): Promise<Omit<ChaosStack, 'close'>> {
  const dir = await mkdtemp(join(tmpdir(), 'tenant-orchestrator-chaos-'));
  cleanups.push({
    name: 'temp dir',
    stop: () => (options.keepTempDir ? Promise.resolve() : rm(dir, { recursive: true, force: true })),
  });
  options.note?.(`temp dir ${dir}`);

  // Never the server at TEMPORAL_ADDRESS: this run restarts its server.
  const serverEnv: NodeJS.ProcessEnv = { ...process.env };
  delete serverEnv.TEMPORAL_ADDRESS;
  const serverOptions = { port: await freePort(), dbFilename: join(dir, 'chaos.db') };
  let server: BenchTemporalServer = await startTemporalServer(serverEnv, SQLITE_PRAGMAS, serverOptions);
  cleanups.push({ name: 'Temporal dev server', stop: () => server.stop() });

  const sandboxLog = createWriteStream(join(dir, 'sandbox.log'));
  sandboxLog.on('error', () => undefined);
  cleanups.push({ name: 'sandbox log', stop: () => new Promise<void>((done) => sandboxLog.end(done)) });
  const sandbox = await startSandbox({
    port: 0,
    latency: 'zero',
    seed: options.seed,
    logger: createJsonLogger({
      level: 'warn',
      base: { service: 'sandbox' },
      write: (line) => sandboxLog.write(`${line}\n`),
    }),
  });
  cleanups.push({ name: 'sandbox', stop: () => sandbox.close() });

  const taskQueue = `tenant-provisioning-chaos-${runId}`;
  const env = chaosWorkerEnv(options, {
    temporalAddress: server.address,
    taskQueue,
    sandboxUrl: sandbox.url,
    dataDir: dir,
    sqlitePath: join(dir, 'brain.sqlite'),
    workflowBundlePath: await workflowBundleIn(dir, options.note),
  });
  const worker = superviseWorker(REPO_ROOT, env, dir);
  // Registered before it starts: a worker that never gets ready is still stopped.
  cleanups.push({ name: 'worker', stop: () => worker.stop() });
  await worker.start();

  const temporal = await connectTemporalClient({
    temporal: { address: server.address, namespace: server.namespace, taskQueue },
  });
  cleanups.push({ name: 'Temporal client', stop: () => temporal.close() });
  const lib = createTenantProvisioningClient({ client: temporal.client, taskQueue, queryTimeoutMs: 5_000 });

  return {
    dir,
    taskQueue,
    control: createSandboxControl(sandbox.url),
    lib,
    client: temporal.client,
    sqlitePath: join(dir, 'brain.sqlite'),
    worker,
    async restartServer() {
      const at = Date.now();
      await server.stop();
      server = await startTemporalServer(serverEnv, SQLITE_PRAGMAS, serverOptions);
      return { at, backAt: Date.now() };
    },
    async faultRules() {
      const response = await fetch(`${sandbox.url}/_sandbox/faults`);
      if (!response.ok) throw new Error(`GET /_sandbox/faults answered ${response.status}`);
      return ((await response.json()) as { faults: FaultRule[] }).faults;
    },
  };
}
