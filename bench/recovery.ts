/**
 * The recovery benchmark: one chaos run (tests/chaos/chaos-run.ts) of BENCH_CHAOS_JOBS jobs (default 200; 0 skips
 * it), 5% of them with a permanent fault, under transient faults, lost responses, two worker SIGKILLs and a dev
 * server restart. Reports the share of faulted jobs that recovered without a human, the success rate of the jobs
 * that could succeed, leaked resources, and the time from a worker kill to the next step of the jobs it
 * interrupted; writes them into docs/BENCHMARKS.md (section `bench:recovery`) unless BENCH_WRITE_DOCS=0.
 *
 * Part of `npm run bench` (bench/run.ts calls {@link runRecoveryBench} after the provisioning figures); alone:
 * `npx tsx bench/recovery.ts`. The chaos run starts and stops its own dev server, sandbox and worker process; the
 * worker loads a workflow bundle the run writes first (tests/chaos/chaos-stack.ts), as worker/main.ts does in
 * production with WORKFLOW_BUNDLE_PATH, whatever BENCH_WORKFLOW_BUNDLE says.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { runChaos, type ChaosReport } from '../tests/chaos/chaos-run';
import { machineFacts } from './machine';
import { writeMarkedSection } from './docs-section';
import { renderRecoveryReport } from './recovery-report';

const REPO_ROOT = resolve(__dirname, '..');
const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
/** Jobs started per second of the start window: what this 2-core machine works through while the chaos runs. */
const STARTS_PER_SECOND = 1.6;

const RecoveryEnvSchema = z.object({
  BENCH_CHAOS_JOBS: z.coerce.number().int().min(0).max(2000).default(200),
  BENCH_WRITE_DOCS: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(true),
});

export interface RecoveryBenchOptions {
  /** Jobs of the chaos run; 0 = no recovery benchmark. */
  jobs: number;
  writeDocs: boolean;
}

/** Reads BENCH_CHAOS_JOBS and BENCH_WRITE_DOCS (empty values count as unset); throws naming a bad variable. */
export function parseRecoveryOptions(env: Record<string, string | undefined>): RecoveryBenchOptions {
  const present = Object.fromEntries(
    Object.keys(RecoveryEnvSchema.shape).flatMap((name) => (env[name] ? [[name, env[name]] as const] : [])),
  );
  const parsed = RecoveryEnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid recovery benchmark options: ${problems}`);
  }
  return { jobs: parsed.data.BENCH_CHAOS_JOBS, writeDocs: parsed.data.BENCH_WRITE_DOCS };
}

/** The chaos run of the benchmark: 5% permanent jobs (at least 1), the start window scaled to the job count. */
export function measureRecovery(jobs: number, note: (message: string) => void): Promise<ChaosReport> {
  const permanentJobs = Math.min(jobs - 1, Math.max(1, Math.round(jobs * 0.05)));
  return runChaos({
    jobs,
    permanentJobs,
    startWindowMs: Math.max(10_000, Math.round(((jobs - permanentJobs) / STARTS_PER_SECOND) * 1000)),
    cleanupGraceMs: 60_000,
    settleTimeoutMs: 20 * 60_000,
    note,
  });
}

/**
 * Runs the recovery benchmark when `options.jobs` > 0: prints the markdown section and writes it into the docs.
 * Resolves to the report (undefined when skipped).
 */
export async function runRecoveryBench(
  options: RecoveryBenchOptions,
  command: string,
  note: (message: string) => void,
): Promise<ChaosReport | undefined> {
  if (options.jobs === 0) {
    note('recovery: skipped (BENCH_CHAOS_JOBS=0)');
    return undefined;
  }
  const loadAtStart = loadavg()[0] ?? 0;
  note(`recovery: chaos run of ${options.jobs} jobs (several minutes)`);
  const report = await measureRecovery(options.jobs, (message) => note(`recovery: ${message}`));
  const body = renderRecoveryReport(report, {
    date: new Date(),
    machine: machineFacts(REPO_ROOT),
    command,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
  });
  process.stdout.write(`\n${body}\n`);
  if (options.writeDocs) {
    await writeMarkedSection(BENCHMARKS_DOC, body, 'recovery');
    note(`recovery: figures written to ${BENCHMARKS_DOC}`);
  }
  return report;
}

/** `baseCommand` (the bench's own command line) with BENCH_CHAOS_JOBS in front when it was set. */
export function recoveryCommand(env: Record<string, string | undefined>, baseCommand: string): string {
  return env.BENCH_CHAOS_JOBS ? `BENCH_CHAOS_JOBS=${env.BENCH_CHAOS_JOBS} ${baseCommand}` : baseCommand;
}

/** The command line that reproduces a standalone run. */
function standaloneCommand(env: Record<string, string | undefined>): string {
  const docs = env.BENCH_WRITE_DOCS ? `BENCH_WRITE_DOCS=${env.BENCH_WRITE_DOCS} ` : '';
  return recoveryCommand(env, `${docs}npx tsx bench/recovery.ts`);
}

if (require.main === module) {
  const note = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  // Exiting runs the children's kill-on-exit hooks (worker, dev server); the default signal action would not.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));
  runRecoveryBench(parseRecoveryOptions(process.env), standaloneCommand(process.env), note).catch((err: unknown) => {
    note(`recovery failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}
