/**
 * The benchmark's options, from the environment (validated with zod; one error names every bad variable):
 * BENCH_LATENCY_RUNS (20), BENCH_WARMUP_RUNS (2), BENCH_LATENCY_GAP_MS (1000: idle before each timed run), BENCH_THROUGHPUT_JOBS (100), BENCH_THROUGHPUT_ROUNDS (2),
 * BENCH_REALISTIC_JOBS (3), BENCH_SKIP_REALISTIC (false), BENCH_WRITE_DOCS (true), BENCH_WORKFLOW_BUNDLE
 * (`prebuilt`: the bench bundles the workflows first and the worker loads the file, as worker/main.ts does with
 * WORKFLOW_BUNDLE_PATH; `source`: the what-if of a worker that bundles them at start, without a build step),
 * BENCH_DEV_SERVER_ARGS (extra `start-dev` arguments), BENCH_WORKER_ENV (`NAME=value` pairs of common/config.ts
 * variables, to measure a what-if such as `DEPLOY_POLL_INTERVAL=100ms`; the bench's own wiring variables cannot be
 * overridden).
 */
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const count = (fallback: number, min: number) => z.coerce.number().int().min(min).max(10_000).default(fallback);

const BenchEnvSchema = z.object({
  BENCH_LATENCY_RUNS: count(20, 1),
  BENCH_WARMUP_RUNS: count(2, 0),
  BENCH_LATENCY_GAP_MS: count(1000, 0),
  BENCH_THROUGHPUT_JOBS: count(100, 1),
  BENCH_THROUGHPUT_ROUNDS: count(2, 1),
  BENCH_REALISTIC_JOBS: count(3, 1),
  BENCH_SKIP_REALISTIC: flag.default(false),
  BENCH_WRITE_DOCS: flag.default(true),
  BENCH_WORKFLOW_BUNDLE: z.enum(['prebuilt', 'source']).default('prebuilt'),
  BENCH_DEV_SERVER_ARGS: z.string().default(''),
  BENCH_WORKER_ENV: z
    .string()
    .regex(/^\s*([A-Z][A-Z0-9_]*=\S*\s*)*$/, 'must be space-separated NAME=value pairs')
    .default(''),
});

export interface BenchOptions {
  latencyRuns: number;
  warmupRuns: number;
  /** Idle time before each timed latency run (ms). */
  latencyGapMs: number;
  throughputJobs: number;
  throughputRounds: number;
  realisticJobs: number;
  skipRealistic: boolean;
  writeDocs: boolean;
  /** `prebuilt` (default, as production) or `source` (the worker bundles at start). */
  workflowBundle: 'prebuilt' | 'source';
  devServerArgs: string[];
  /** Extra worker configuration variables. */
  workerEnv: Record<string, string>;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** Names of the variables read by {@link parseBenchOptions}. */
export const BENCH_ENV_NAMES = Object.keys(BenchEnvSchema.shape);

/** Parses the BENCH_* variables of `env`; throws one Error naming every invalid one. Empty values count as unset. */
export function parseBenchOptions(env: Record<string, string | undefined>): BenchOptions {
  const present = Object.fromEntries(
    BENCH_ENV_NAMES.flatMap((name) => (env[name] ? [[name, env[name]] as const] : [])),
  );
  const parsed = BenchEnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid benchmark options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    latencyRuns: e.BENCH_LATENCY_RUNS,
    warmupRuns: e.BENCH_WARMUP_RUNS,
    latencyGapMs: e.BENCH_LATENCY_GAP_MS,
    throughputJobs: e.BENCH_THROUGHPUT_JOBS,
    throughputRounds: e.BENCH_THROUGHPUT_ROUNDS,
    realisticJobs: e.BENCH_REALISTIC_JOBS,
    skipRealistic: e.BENCH_SKIP_REALISTIC,
    writeDocs: e.BENCH_WRITE_DOCS,
    workflowBundle: e.BENCH_WORKFLOW_BUNDLE,
    devServerArgs: words(e.BENCH_DEV_SERVER_ARGS),
    workerEnv: Object.fromEntries(
      words(e.BENCH_WORKER_ENV).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
  };
}

/** The command line that reproduces this run: the variables that were set (BENCH_*, TEMPORAL_ADDRESS), the command. */
export function benchCommand(env: Record<string, string | undefined>, viaNpm: boolean): string {
  const names = [...BENCH_ENV_NAMES, 'TEMPORAL_ADDRESS'];
  const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  const set = names.flatMap((name) => {
    const value = env[name];
    return value ? [`${name}=${quote(value)}`] : [];
  });
  return [...set, viaNpm ? 'npm run bench' : 'npx tsx bench/run.ts'].join(' ');
}
