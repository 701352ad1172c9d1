/**
 * The benchmark's report: one markdown text (printed, and written into docs/BENCHMARKS.md) with the figures, the
 * targets and whether each was met, where the time and CPU went, the machine and the exact command.
 */
import { PROVISIONING_STEPS } from '../workflows/contracts/provision-tenant';
import type { CpuUsage } from './cpu';
import type { LatencyResult } from './latency';
import type { RealisticResult } from './realistic';
import type { BurstResult, ThroughputResult } from './throughput';

export interface MachineFacts {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  commit: string;
}

export interface BenchReport {
  date: Date;
  machine: MachineFacts;
  /** 1-minute load average before the bench started anything, and at the end. */
  loadAverage: { start: number; end: number };
  /** Which Temporal server the run used. */
  server: string;
  /** How the worker got its workflow code. */
  workerSetup: string;
  command: string;
  latency: LatencyResult;
  throughput: ThroughputResult;
  /** Absent when BENCH_SKIP_REALISTIC=1. */
  realistic?: RealisticResult;
}

/** Targets of the provisioning benchmark (reported as met or missed; never asserted by a test). */
export const TARGETS = {
  latencyP50Ratio: 1.3,
  throughputRatio: 0.8,
  maxRssMiB: 400,
  realisticOverheadMs: 2000,
} as const;

const ms = (value: number) => `${Math.round(value)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${Math.round(bytes / 1024 / 1024)} MB`);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

function mainTable(report: BenchReport): string[] {
  const { latency: l, throughput: t } = report;
  const rssMiB = t.provisionMaxRssBytes === undefined ? undefined : t.provisionMaxRssBytes / 1024 / 1024;
  return [
    row(['Measure', 'provisionTenant', 'floorGraph (floor)', 'ratio', 'target', 'result']),
    row(['---', '---:', '---:', '---:', '---', '---']),
    row([
      `Latency p50 (${l.runs} sequential runs each, interleaved)`,
      ms(l.provision.p50),
      ms(l.floor.p50),
      times(l.p50Ratio),
      `≤ ${TARGETS.latencyP50Ratio}×`,
      verdict(l.p50Ratio <= TARGETS.latencyP50Ratio),
    ]),
    row(['Latency p95', ms(l.provision.p95), ms(l.floor.p95), times(l.provision.p95 / l.floor.p95), '', '']),
    row([
      `Throughput (${t.jobs} started at once, median of ${t.rounds} rounds)`,
      `${t.provisionPerSecond.toFixed(2)} wf/s`,
      `${t.floorPerSecond.toFixed(2)} wf/s`,
      times(t.throughputRatio),
      `≥ ${TARGETS.throughputRatio}×`,
      verdict(t.throughputRatio >= TARGETS.throughputRatio),
    ]),
    row([
      `Worker RSS, max with ${t.jobs} in flight (idle before: ${mib(t.idleRssBytes)})`,
      mib(t.provisionMaxRssBytes),
      mib(t.floorMaxRssBytes),
      '',
      `< ${TARGETS.maxRssMiB} MB`,
      rssMiB === undefined ? 'n/a' : verdict(rssMiB < TARGETS.maxRssMiB),
    ]),
  ];
}

function stepLine(l: LatencyResult): string {
  const steps = PROVISIONING_STEPS.map((name) => `${name} ${ms(l.stepMedianMs[name])}`).join(', ');
  const tasks = (kind: 'provisionTenant' | 'floorGraph') => {
    const t = l.workflowTasks[kind];
    return `${kind} ${t.count} tasks, ${ms(t.processingMs)} running + ${ms(t.dispatchMs)} waiting for a worker`;
  };
  return (
    `provisionTenant's median step durations (workflow time, from \`progress\`): ${steps}; median critical path ` +
    `${ms(l.criticalPathMedianMs)} of the ${ms(l.provision.p50)} p50. Workflow tasks per run (medians, from the ` +
    `histories; the rest of a run is its activities and the client's round trips): ${tasks('provisionTenant')}; ` +
    `${tasks('floorGraph')}.`
  );
}

/** CPU ms of the machine not used by the bench's own processes (server, worker, bench). */
function othersCpuMs(cpu: CpuUsage): number | undefined {
  const ours = [cpu.server, cpu.worker, cpu.bench];
  if (cpu.machine === undefined || ours.some((v) => v === undefined)) return undefined;
  return cpu.machine - ours.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

/** CPU ms per workflow of one probe, or of every other process (`others`). */
function cpuPerWorkflow(burst: BurstResult, probe: string): string {
  const value = probe === 'others' ? othersCpuMs(burst.cpuMs) : burst.cpuMs[probe];
  return value === undefined ? 'n/a' : ms(value / burst.jobs);
}

const BURST_HEADER = [
  'Burst',
  'wall time',
  'wf/s',
  'done p50',
  'done p95',
  'WFT timeouts',
  'activity retries',
  'worker RSS max',
  'CPU/wf server',
  'worker',
  'bench',
  'others',
];

function burstTable(t: ThroughputResult): string[] {
  const lines = [row(BURST_HEADER), row(BURST_HEADER.map((_, i) => (i === 0 ? '---' : '---:')))];
  const reasons = new Map<string, number>();
  for (const [kind, bursts] of [
    ['provisionTenant', t.provision],
    ['floorGraph', t.floor],
  ] as const) {
    bursts.forEach((b, i) => {
      const { trouble } = b;
      for (const [reason, count] of trouble.retryReasons) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
      lines.push(
        row([
          `${kind} #${i + 1}`,
          seconds(b.wallMs),
          b.workflowsPerSecond.toFixed(2),
          seconds(b.completion.p50),
          seconds(b.completion.p95),
          String(trouble.workflowTaskTimeouts),
          String(trouble.activityRetries),
          mib(b.maxRssBytes),
          ...['server', 'worker', 'bench', 'others'].map((probe) => cpuPerWorkflow(b, probe)),
        ]),
      );
    });
  }
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (top.length > 0) {
    lines.push('', 'Why activities were retried during the bursts (retries, last failure):', '');
    for (const [reason, count] of top) lines.push(`- ${count} × ${reason.replace(/\|/g, '\\|')}`);
  }
  return lines;
}

function realisticTable(r: RealisticResult): string[] {
  const lines = [
    row(['Job', 'end to end', 'critical path', 'difference', 'longest step per stage', 'attempts', 'target', 'result']),
    row(['---', '---:', '---:', '---:', '---', '---:', '---', '---']),
  ];
  for (const job of r.jobs) {
    lines.push(
      row([
        `\`${job.workflowId}\``,
        seconds(job.e2eMs),
        seconds(job.criticalPathMs),
        ms(job.overheadMs),
        job.stageMs.map((v) => seconds(v)).join(' → '),
        String(job.attempts),
        `≤ ${seconds(TARGETS.realisticOverheadMs)}`,
        verdict(job.overheadMs <= TARGETS.realisticOverheadMs),
      ]),
    );
  }
  return lines;
}

/** Renders the report as markdown (the body of the docs section). */
export function renderReport(report: BenchReport): string {
  const { machine: m, loadAverage } = report;
  const lines = [
    `### Provisioning: latency, throughput, realistic profile`,
    '',
    `Measured ${report.date.toISOString()} on ${m.nproc} CPUs (\`nproc\`; ${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB, ` +
      `Node ${m.node}, ${m.os}, commit ${m.commit}; ${report.server}; ${report.workerSetup}. Load average (1 min) ` +
      `${loadAverage.start.toFixed(1)} before the run, ${loadAverage.end.toFixed(1)} at the end.`,
    '',
    `Command: \`${report.command}\``,
    '',
    ...mainTable(report),
    '',
    `Latencies are client-side, from the start request to the result, on the sandbox's \`zero\` latency profile ` +
      `(${report.latency.warmupRuns} unrecorded warm-up runs of each kind first, ${report.latency.gapMs} ms idle ` +
      `before each timed run). ${stepLine(report.latency)}`,
    '',
    'Throughput bursts (`done`: when each job completed, from the burst start; CPU/wf: CPU time per workflow of ' +
      'the Temporal server, the worker, the bench process (client and sandbox) and of every other process on the machine):',
    '',
    ...burstTable(report.throughput),
    '',
  ];
  if (report.realistic) {
    lines.push(
      `Realistic profile (factor ${report.realistic.factor}), ${report.realistic.jobs.length} jobs at once; the ` +
        'critical path is Σ over stages of the longest step, from each job’s own `progress` step timings:',
      '',
      ...realisticTable(report.realistic),
    );
  } else {
    lines.push('Realistic profile: skipped (BENCH_SKIP_REALISTIC=1).');
  }
  return lines.join('\n');
}
