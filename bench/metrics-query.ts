/**
 * `npx tsx bench/metrics-query.ts [runs]`: `getProvisioningMetrics` over a SQLite store of 100,000 finished runs
 * (BENCH_METRICS_RUNS), for the whole range and for one day, against the floor of the same run: reading the same
 * rows' columns straight from SQLite with no decoding or summary. Medians of 7 timings each. Writes the figures
 * into docs/BENCHMARKS.md (section `metrics-query`). Target: at most 200 ms for 100,000 jobs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../store/sqlite';
import type { ProvisioningMetricsRecord } from '../store/port';
import { writeMarkedSection } from './docs-section';
import { machineFacts } from './machine';
import { percentile } from './stats';

const RUNS = Number(process.env.BENCH_METRICS_RUNS ?? 100_000);
const REPEATS = 7;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const STEPS = ['reserveQuota', 'createWorkosOrganization', 'createConvexProject', 'deployFrontend'];

/** A deterministic mix: 95 % completed (10 % after activity retries, 2 % after an admin retry), 4 % cleaned up. */
function seeded(i: number): ProvisioningMetricsRecord {
  const startedAt = T0 + i * 60_000; // one run a minute: 100,000 runs cover about 70 days
  const durationMs = 60_000 + ((i * 7919) % 120_000);
  const outcome = i % 100 < 95 ? 'completed' : i % 100 < 99 ? 'cleaned_up' : 'cancelled';
  const failed = outcome === 'cleaned_up' || i % 50 === 0;
  const step = STEPS[i % STEPS.length] ?? 'reserveQuota';
  return {
    jobId: `provision-bench-${i}`,
    tenantId: `bench-${i}`,
    plan: 'pro',
    outcome,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(startedAt + durationMs).toISOString(),
    durationMs,
    failedStep: failed ? step : null,
    errorType: failed ? 'ProviderUnavailable' : null,
    failures: failed ? [{ step, type: 'ProviderUnavailable', at: new Date(startedAt + 1_000).toISOString() }] : [],
    attempts: 9 + (i % 10 === 0 ? 2 : 0),
    retries: i % 50 === 0 && outcome === 'completed' ? 1 : 0,
    hitFault: failed || i % 10 === 0,
    autoRecovered: outcome === 'completed' && i % 10 === 0 && i % 50 !== 0,
    stepDurationsMs: Object.fromEntries(STEPS.map((name, n) => [name, 1_000 + n])),
  };
}

function medianMs(fn: () => unknown): number {
  const timings: number[] = [];
  for (let n = 0; n < REPEATS; n++) {
    const started = process.hrtime.bigint();
    fn();
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentile(timings, 50);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-metrics-'));
  const path = join(dir, 'brain.sqlite');
  try {
    const store = openSqliteStore(path, { create: true });
    const seedStarted = Date.now();
    for (let i = 0; i < RUNS; i++) await store.recordProvisioningMetrics(seeded(i));
    process.stderr.write(`[bench] seeded ${RUNS} runs in ${Date.now() - seedStarted} ms\n`);
    const floorDb = new BetterSqlite3(path, { readonly: true });
    const floorQuery = floorDb.prepare(
      'SELECT outcome, finished_at, duration_ms, failures, hit_fault, auto_recovered FROM provisioning_metrics WHERE finished_at >= ? AND finished_at <= ?',
    );
    const day = { from: '2025-01-20', to: '2025-01-20' };
    const ranges = [
      { label: `all ${RUNS} runs`, range: {}, bounds: ['0000', '9999'] },
      { label: 'one day (1,440 runs)', range: day, bounds: ['2025-01-20T00:00:00.000Z', '2025-01-20T23:59:59.999Z'] },
    ];
    const rows: string[] = [];
    for (const { label, range, bounds } of ranges) {
      const awaited: Promise<unknown>[] = [];
      // getProvisioningMetrics is async only to fit the port; its work is synchronous (better-sqlite3).
      const summaryMs = medianMs(() => awaited.push(store.getProvisioningMetrics(range)));
      await Promise.all(awaited);
      const floorMs = medianMs(() => floorQuery.all(...bounds));
      rows.push(
        `| ${label} | ${summaryMs.toFixed(1)} ms | ${floorMs.toFixed(1)} ms | ${(summaryMs / floorMs).toFixed(2)}× |`,
      );
    }
    floorDb.close();
    await store.close();
    const facts = machineFacts(resolve(__dirname, '..'));
    const machine = `${facts.nproc} CPUs (${facts.cpuModel}), Node ${facts.node}, commit ${facts.commit}`;
    const body = [
      `Command: \`npx tsx bench/metrics-query.ts\` (BENCH_METRICS_RUNS=${RUNS}), ${new Date().toISOString().slice(0, 10)}, ${machine}.`,
      '',
      `Median of ${REPEATS} calls each. Floor: the same rows' columns read straight from SQLite, nothing decoded or summarised.`,
      '',
      '| range | getProvisioningMetrics | floor (raw rows) | ratio |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
    process.stdout.write(`${body}\n`);
    await writeMarkedSection(resolve(__dirname, '..', 'docs', 'BENCHMARKS.md'), body, 'metrics-query');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
