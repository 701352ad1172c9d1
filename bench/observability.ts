/**
 * `npm run bench -- observability`: provisioning throughput with observability on (logging at `info`, Prometheus
 * metrics served and scraped, tracing exported over OTLP) as a ratio to all of it off (logging at `error`, no metrics
 * port, no OTLP endpoint), in one run. Two bench workers run side by side on task queues of their own against one
 * Temporal dev server and one sandbox; each round starts N provisionTenant jobs at once on one worker, then on the
 * other (ABBA order), and the figure is the ratio of the medians of workflows/s. The traced worker's jobs are started
 * by a client with the tracing interceptor, as the API starts them; spans go to a receiver in this process that reads
 * and discards them. Options (env): BENCH_OBSERVABILITY_JOBS (20), BENCH_OBSERVABILITY_ROUNDS (4),
 * BENCH_OBSERVABILITY_SCRAPE_MS (1000: how often the metrics endpoint is scraped), BENCH_WRITE_DOCS (true).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import { connectTemporalClient } from '../client/connect';
import { startSandbox } from '../sandbox/server';
import { installTracing } from '../tracing/process-tracing';
import { tracingClientInterceptors } from '../tracing/temporal-client';
import { createJsonLogger } from '../common/logging';
import { machineBusyMs, ownCpuMs, processCpuMs } from './cpu';
import { startTemporalServer } from './dev-server';
import { writeMarkedSection } from './docs-section';
import type { BenchTarget } from './jobs';
import { machineFacts } from './machine';
import { startOtlpDiscardReceiver } from './otlp-discard';
import { median, ratio } from './stats';
import { runBurst, type BurstResult } from './throughput';
import { startBenchWorker } from './worker-process';
import { BUNDLE_PATH_ENV, writeBenchWorkflowBundle } from './workflow-bundle';
import { freeLoopbackPort as freePort } from '../common/free-port';

const REPO_ROOT = resolve(__dirname, '..');
const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
/** The issue's target: throughput with observability on, as a share of it off. */
const TARGET_RATIO = 0.95;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const OptionsSchema = z.object({
  BENCH_OBSERVABILITY_JOBS: z.coerce.number().int().min(1).max(1000).default(20),
  BENCH_OBSERVABILITY_ROUNDS: z.coerce.number().int().min(1).max(50).default(4),
  BENCH_OBSERVABILITY_SCRAPE_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  BENCH_WRITE_DOCS: flag.default(true),
  /** Which parts `on` turns on (to see what each costs); the issue's figure is all three. */
  BENCH_OBSERVABILITY_PARTS: z
    .string()
    .transform((v) => v.split(',').map((p) => p.trim()))
    .pipe(z.array(z.enum(['logging', 'metrics', 'tracing'])).min(1))
    .default(['logging', 'metrics', 'tracing']),
});

export type ObservabilityPart = 'logging' | 'metrics' | 'tracing';

export interface ObservabilityOptions {
  jobs: number;
  rounds: number;
  scrapeMs: number;
  writeDocs: boolean;
  parts: ObservabilityPart[];
}

export function parseObservabilityOptions(env: Record<string, string | undefined>): ObservabilityOptions {
  const present = Object.fromEntries(
    Object.keys(OptionsSchema.shape).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const parsed = OptionsSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid benchmark options:\n${problems}`);
  }
  const e = parsed.data;
  return {
    jobs: e.BENCH_OBSERVABILITY_JOBS,
    rounds: e.BENCH_OBSERVABILITY_ROUNDS,
    scrapeMs: e.BENCH_OBSERVABILITY_SCRAPE_MS,
    writeDocs: e.BENCH_WRITE_DOCS,
    parts: e.BENCH_OBSERVABILITY_PARTS,
  };
}

/** The command line of this run: the options that were set, then the command. */
function commandOf(env: Record<string, string | undefined>): string {
  const set = [...Object.keys(OptionsSchema.shape), 'TEMPORAL_ADDRESS'].flatMap((name) =>
    env[name] ? [`${name}=${env[name]}`] : [],
  );
  return [...set, 'npm run bench -- observability'].join(' ');
}

interface Cleanups {
  push(name: string, stop: () => Promise<unknown>): void;
}

/** Scrapes `url` every `intervalMs` as Prometheus would, until stopped; counts scrapes, failures and bytes. */
function startScraper(url: string, intervalMs: number) {
  const counts = { scrapes: 0, failures: 0, bytes: 0 };
  let inFlight = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = fetch(url)
      .then(async (response) => {
        const body = await response.text();
        if (response.ok) {
          counts.scrapes += 1;
          counts.bytes += body.length;
        } else counts.failures += 1;
      })
      .catch(() => {
        counts.failures += 1;
      });
  }, intervalMs);
  return {
    counts,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}

type Mode = 'off' | 'on';

export async function runObservabilityBench(
  options: ObservabilityOptions,
  cleanups: Cleanups,
  note: (message: string) => void,
): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  note('starting Temporal');
  const server = await startTemporalServer(process.env);
  cleanups.push('Temporal dev server', () => server.stop());
  const sandbox = await startSandbox({
    port: 0,
    latency: 'zero',
    logger: createJsonLogger({
      level: 'warn',
      base: { service: 'sandbox' },
      write: (l) => process.stderr.write(`${l}\n`),
    }),
  });
  cleanups.push('sandbox', () => sandbox.close());
  const tempDir = await mkdtemp(join(tmpdir(), 'tenant-orchestrator-bench-observability-'));
  cleanups.push('temp dir', () => rm(tempDir, { recursive: true, force: true }));
  const collector = await startOtlpDiscardReceiver();
  cleanups.push('OTLP receiver', () => collector.close());

  note('bundling workflows (plain and traced)');
  const plainBundle = await writeBenchWorkflowBundle(tempDir, false);
  const tracedBundle = await writeBenchWorkflowBundle(tempDir, true);
  const metricsPort = await freePort();
  const on = Object.fromEntries(options.parts.map((part) => [part, true])) as Partial<Record<ObservabilityPart, true>>;

  const workerEnv = async (mode: Mode, taskQueue: string): Promise<Record<string, string>> => {
    const dataDir = join(tempDir, mode);
    await mkdir(dataDir, { recursive: true });
    const common = {
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SANDBOX_URL: sandbox.url,
      DATA_DIR: dataDir,
      STORE_SQLITE_PATH: join(dataDir, 'brain.sqlite'),
      STORE_CREATE: 'true',
      MAX_INSTANCES_PER_REQUESTER: '1000000',
      PROVISION_CLEANUP_GRACE: '1s',
    };
    return mode === 'off'
      ? { ...common, [BUNDLE_PATH_ENV]: plainBundle, LOG_LEVEL: 'error' }
      : {
          ...common,
          [BUNDLE_PATH_ENV]: on.tracing ? tracedBundle : plainBundle,
          LOG_LEVEL: on.logging ? 'info' : 'error',
          ...(on.metrics ? { WORKER_METRICS_PORT: String(metricsPort) } : {}),
          ...(on.tracing ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesUrl } : {}),
        };
  };

  // The bench's own client side of "on": the StartWorkflow spans of a traced caller, exported to the same receiver.
  const benchTracing = installTracing({ tracing: { tracesUrl: collector.tracesUrl } }, 'bench');
  cleanups.push('bench tracing', async () => benchTracing?.shutdown());
  const temporal = await connectTemporalClient({
    temporal: { address: server.address, namespace: server.namespace, taskQueue: 'unused' },
  });
  cleanups.push('Temporal client', () => temporal.close());
  const clients: Record<Mode, Client> = {
    off: new Client({ connection: temporal.client.connection, namespace: server.namespace }),
    on: on.tracing
      ? temporal.client
      : new Client({ connection: temporal.client.connection, namespace: server.namespace }),
  };
  if (!tracingClientInterceptors()) throw new Error('the bench client does not trace');

  const targets = {} as Record<Mode, BenchTarget>;
  for (const mode of ['off', 'on'] as const) {
    const runId = randomBytes(3).toString('hex');
    const taskQueue = `tenant-provisioning-bench-obs-${mode}-${runId}`;
    note(`starting the ${mode} worker`);
    const worker = await startBenchWorker(REPO_ROOT, await workerEnv(mode, taskQueue));
    cleanups.push(`${mode} worker`, () => worker.stop());
    targets[mode] = {
      client: clients[mode],
      taskQueue,
      runId,
      worker,
      cpuProbes: [
        { name: 'worker', read: () => processCpuMs(worker.pid) },
        { name: 'bench', read: ownCpuMs },
        { name: 'machine', read: machineBusyMs },
      ],
    };
  }
  const scraper = on.metrics
    ? startScraper(`http://127.0.0.1:${metricsPort}/metrics`, options.scrapeMs)
    : { stop: async () => undefined, counts: { scrapes: 0, failures: 0, bytes: 0 } };
  cleanups.push('metrics scraper', () => scraper.stop());

  note('warm-up: 2 jobs on each worker');
  for (const mode of ['off', 'on'] as const) await runBurst(targets[mode], 'provisionTenant', 2, 1000);

  const bursts: Record<Mode, BurstResult[]> = { off: [], on: [] };
  for (let round = 0; round < options.rounds; round += 1) {
    const order: Mode[] = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    for (const mode of order) {
      const burst = await runBurst(targets[mode], 'provisionTenant', options.jobs, round);
      bursts[mode].push(burst);
      note(`round ${round + 1}/${options.rounds} ${mode}: ${burst.workflowsPerSecond.toFixed(2)} workflows/s`);
    }
  }
  await scraper.stop();
  await benchTracing?.spanProcessor.forceFlush();

  const perSecond = (mode: Mode) => median(bursts[mode].map((b) => b.workflowsPerSecond));
  const cpuPerJob = (mode: Mode) => median(bursts[mode].map((b) => (b.cpuMs.worker ?? Number.NaN) / b.jobs));
  const throughputRatio = ratio(perSecond('on'), perSecond('off'));
  const facts = machineFacts(REPO_ROOT);
  const lines = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit \`${facts.commit}\`, ${facts.nproc} CPUs ` +
      `(${facts.cpuModel}), Node ${facts.node}; load average ${loadAtStart.toFixed(2)} at start, ` +
      `${(loadavg()[0] ?? 0).toFixed(2)} at end (other processes shared the machine).`,
    '',
    `Command: \`${commandOf(process.env)}\``,
    '',
    `Provisioning throughput, ${options.jobs} provisionTenant jobs started at once per burst, ${options.rounds} rounds ` +
      '(ABBA), zero-latency sandbox; `off`: LOG_LEVEL=error, no metrics port, no OTLP endpoint; `on`: LOG_LEVEL=info, ' +
      `WORKER_METRICS_PORT scraped every ${options.scrapeMs} ms, OTLP endpoint set (bundle with the tracing ` +
      'interceptors, jobs started by a traced client).' +
      (options.parts.length < 3 ? ` This run turned on only: ${options.parts.join(', ')}.` : ''),
    '',
    '| figure | off | on | on / off | target | verdict |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    `| Throughput (median of ${options.rounds}) | ${perSecond('off').toFixed(2)} wf/s | ${perSecond('on').toFixed(2)} wf/s | ` +
      `${throughputRatio.toFixed(2)}× | ≥ ${TARGET_RATIO}× | ${throughputRatio >= TARGET_RATIO ? 'met' : '**missed**'} |`,
    `| Worker CPU per job (median) | ${cpuPerJob('off').toFixed(0)} ms | ${cpuPerJob('on').toFixed(0)} ms | ` +
      `${ratio(cpuPerJob('on'), cpuPerJob('off')).toFixed(2)}× | | |`,
    '',
    `Each round (workflows/s): off ${bursts.off.map((b) => b.workflowsPerSecond.toFixed(2)).join(', ')}; ` +
      `on ${bursts.on.map((b) => b.workflowsPerSecond.toFixed(2)).join(', ')}. ` +
      `Exported: ${collector.requests} OTLP requests, ${(collector.bytes / 1024 ** 2).toFixed(1)} MiB; ` +
      `${scraper.counts.scrapes} metrics scrapes (${scraper.counts.failures} failed).`,
  ];
  const report = lines.join('\n');
  process.stdout.write(`\n${report}\n`);
  if (options.writeDocs) {
    await writeMarkedSection(BENCHMARKS_DOC, report, 'observability');
    note(`figures written to ${BENCHMARKS_DOC}`);
  }
}
