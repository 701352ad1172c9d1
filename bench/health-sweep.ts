/**
 * `npm run bench:health`: one health sweep over BENCH_HEALTH_INSTANCES (default 10,000) provisioned tenants in the
 * sandbox, on one in-process worker, against a throwaway Temporal dev server (or TEMPORAL_ADDRESS): once with zero
 * latency, once with 50-200 ms added to every site and Convex request (the tenants' own URLs; injected in the
 * worker's fetch, since the sandbox has no per-request latency knob for them). Reports wall time, history events,
 * Cloudflare API requests and the peak RSS of the process that runs the worker (and the store; the sandbox runs in a
 * process of its own), then the MTTD of a site taken down under a 1-minute schedule. Prints markdown; writes it into
 * docs/BENCHMARKS.md (marked section `health-sweep`).
 */
import { createTemporalJobLookup } from '../worker/job-lookup';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { FetchFn } from '../activities/http';
import { ensureSchedules, scheduleDefinitions } from '../scripts/schedules';
import { openSqliteStore } from '../store/sqlite';
import { loadConfig } from '../common/config';
import { createProvisioningWorker } from '../worker/create-worker';
import { silentLogger } from '../common/logging';
import { createProviderClients } from '../worker/providers';
import { healthSweep } from '../workflows';
import { HEALTH_SWEEP_SCHEDULE_ID } from '../workflows/contracts/health-sweep';
import { killOnExit, stopChild } from './child-process';
import { freePort, startTemporalServer } from './dev-server';
import { writeMarkedSection } from './docs-section';
import { benchTenantId, seedInstances, writeSeededSandboxState } from './health-seed';

const REPO_ROOT = resolve(__dirname, '..');
const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
const note = (message: string) => process.stderr.write(`[bench:health] ${message}\n`);

interface Mode {
  name: string;
  minMs: number;
  maxMs: number;
}
const MODES: Mode[] = [
  { name: 'zero latency', minMs: 0, maxMs: 0 },
  { name: '50-200 ms per check', minMs: 50, maxMs: 200 },
];

interface SweepFigures {
  mode: string;
  wallMs: number;
  historyEvents: number;
  cloudflareRequests: number;
  checked: number;
  counts: string;
  peakRssMb: number;
}

/** Global fetch that counts Cloudflare API requests and delays requests to the tenants' own URLs. */
function benchFetch(state: { mode: Mode; cloudflare: number }): FetchFn {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('/client/v4/')) state.cloudflare += 1;
    if ((url.includes('/_sites/') || url.includes('/_convex/')) && state.mode.maxMs > 0) {
      const delay = state.mode.minMs + Math.random() * (state.mode.maxMs - state.mode.minMs);
      await new Promise((r) => setTimeout(r, delay));
    }
    return fetch(input, init);
  }) as FetchFn;
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_HEALTH_INSTANCES ?? 10_000);
  const dir = await mkdtemp(join(tmpdir(), 'bench-health-'));
  const stops: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  try {
    note(`seeding ${n} tenants`);
    const stateFile = join(dir, 'sandbox-state.json');
    writeSeededSandboxState(stateFile, n);
    const sandbox = await startSandboxProcess(stateFile);
    stops.push(() => sandbox.stop());
    const server = await startTemporalServer(process.env);
    stops.push(() => server.stop());
    const taskQueue = `health-bench-${Date.now()}`;
    const config = loadConfig({
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SANDBOX_URL: sandbox.url,
      STORE_SQLITE_PATH: join(dir, 'brain.sqlite'),
      LOG_LEVEL: 'error',
      HEALTH_SWEEP_INTERVAL: '1m',
    });
    const store = openSqliteStore(config.store.sqlitePath, { create: true });
    stops.push(() => store.close());
    await seedInstances(store, sandbox.url, n);

    const fetchState = { mode: MODES[0] as Mode, cloudflare: 0 };
    const providers = createProviderClients(config, silentLogger, benchFetch(fetchState));
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    stops.push(() => nativeConnection.close());
    const jobs = createTemporalJobLookup(new Client({ connection: nativeConnection }), config.temporal.taskQueue);
    const activities = createActivities({ store, providers, config, logger: silentLogger, jobs });
    // A prebuilt bundle (in a child process), as production runs: webpack's memory stays out of the RSS figure.
    const bundlePath = join(dir, 'workflow-bundle.js');
    execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['worker/build-workflow-bundle.ts', bundlePath], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    const worker = await createProvisioningWorker({
      connection: nativeConnection,
      namespace: server.namespace,
      taskQueue,
      activities,
      workflowBundle: { codePath: bundlePath },
    });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: server.namespace });

    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    sampler.unref();
    stops.push(async () => clearInterval(sampler));

    const figures: SweepFigures[] = [];
    for (const mode of MODES) {
      fetchState.mode = mode;
      fetchState.cloudflare = 0;
      peakRss = process.memoryUsage().rss;
      note(`sweep: ${mode.name}`);
      const started = performance.now();
      const handle = await client.workflow.start(healthSweep, {
        taskQueue,
        workflowId: `health-bench-${figures.length}-${Date.now()}`,
        args: [{}],
      });
      const result = await handle.result();
      const wallMs = performance.now() - started;
      const history = await handle.fetchHistory();
      figures.push({
        mode: mode.name,
        wallMs,
        historyEvents: history.events?.length ?? 0,
        cloudflareRequests: fetchState.cloudflare,
        checked: result.checked,
        counts: `${result.counts.active}/${result.counts.degraded}/${result.counts.down}/${result.counts.undecided}`,
        peakRssMb: peakRss / 1024 / 1024,
      });
      note(JSON.stringify(figures.at(-1)));
    }

    fetchState.mode = MODES[0] as Mode;
    const mttd = await measureMttd(client, config, sandbox.url, store);
    const report = render(n, figures, mttd, config.health.sweepIntervalMs);
    process.stdout.write(`${report}\n`);
    await writeMarkedSection(BENCHMARKS_DOC, report, 'health-sweep');
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => note(`stop failed: ${String(err)}`));
  }
}

/** Under a 1-minute `health-sweep` schedule, a site goes down: time until `down` is stored. */
async function measureMttd(
  client: Client,
  config: ReturnType<typeof loadConfig>,
  sandboxUrl: string,
  store: ReturnType<typeof openSqliteStore>,
): Promise<{ mttdMs: number }> {
  const tenantId = benchTenantId(0);
  await ensureSchedules(client, scheduleDefinitions(config));
  try {
    note('MTTD: waiting for the first scheduled sweep');
    const first = (await store.latestCompletedHealthSweep())?.sweepId;
    while ((await store.latestCompletedHealthSweep())?.sweepId === first) await sleep(500);
    await sleep(Math.random() * config.health.sweepIntervalMs * 0.5);
    const downAt = Date.now();
    await fetch(`${sandboxUrl}/_sandbox/sites/tenant-${tenantId}/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'down' }),
    });
    const deadline = Date.now() + 10 * config.health.sweepIntervalMs;
    while ((await store.getInstance(tenantId))?.status !== 'down') {
      if (Date.now() > deadline) throw new Error('the downed site was not detected within ten intervals');
      await sleep(200);
    }
    return { mttdMs: Date.now() - downAt };
  } finally {
    await client.schedule.getHandle(HEALTH_SWEEP_SCHEDULE_ID).delete();
    await client.schedule
      .getHandle('orphan-scan')
      .delete()
      .catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The sandbox in a process of its own (`sandbox/main.ts` over the seeded state file), as `./temporal-dev.sh up` runs
 * it: its event loop and memory stay out of the worker's figures.
 */
async function startSandboxProcess(stateFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['sandbox/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_STATE_FILE: stateFile, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  killOnExit(child);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${url}/_sandbox/latency`)).status < 500) break;
    } catch {
      if (attempt > 600) throw new Error('the sandbox did not start within 60 s');
    }
    await sleep(100);
  }
  return { url, stop: () => stopChild(child, 10_000) };
}

function render(n: number, figures: SweepFigures[], mttd: { mttdMs: number }, intervalMs: number): string {
  const rows = figures.map(
    (f) =>
      `| ${f.mode} | ${(f.wallMs / 1000).toFixed(1)} s | ${f.historyEvents} | ${f.cloudflareRequests} | ${f.checked} (${f.counts}) | ${f.peakRssMb.toFixed(0)} MB |`,
  );
  return [
    `One \`healthSweep\` over ${n.toLocaleString('en')} tenants in the sandbox, one worker (\`npm run bench:health\`).`,
    '',
    '| checks | wall | history events | Cloudflare API requests | checked (active/degraded/down/undecided) | worker process peak RSS |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `MTTD measured once under a ${intervalMs / 60_000}-minute schedule (site taken down at a random point of an interval): ` +
      `${(mttd.mttdMs / 1000).toFixed(1)} s.`,
  ].join('\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:health failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
