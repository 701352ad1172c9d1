/**
 * The recovery figures as markdown, for the `recovery` section of docs/BENCHMARKS.md (written by
 * `writeMarkedSection` in ./docs-section, like the provisioning figures).
 */
import type { ChaosReport } from '../tests/chaos/chaos-run';
import { RESOURCE_KINDS, countNames } from '../tests/chaos/inventory-diff';
import { summarizeDelays, type DelaySummary } from '../tests/chaos/recovery-metrics';
import type { MachineFacts } from './report';

export interface RecoveryContext {
  date: Date;
  machine: MachineFacts;
  command: string;
  loadAverage: { start: number; end: number };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sec = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

function delays(summary: DelaySummary): string {
  if (summary.count === 0) return 'no job was interrupted';
  return `median ${sec(summary.medianMs)}, p95 ${sec(summary.p95Ms)}, max ${sec(summary.maxMs)} (${summary.count} interrupted jobs)`;
}

/** One row per chaos event: how many jobs it caught in flight and how long until they moved again. */
function eventRows(report: ChaosReport): string[] {
  const first = Math.min(...report.jobs.flatMap((j) => (j.startedAt ? [Date.parse(j.startedAt)] : [])));
  const rows = report.events.map((event, i) => {
    const summary = summarizeDelays(event.interrupted.delays.map((d) => d.delayMs));
    const fastest = Math.min(...event.interrupted.delays.map((d) => d.delayMs));
    const what = event.kind === 'kill-worker' ? 'worker SIGKILL' : 'dev server restart';
    const inFlight = event.interrupted.delays.length + event.interrupted.noNextStep.length;
    return (
      `| ${i + 1}. ${what} | ${sec(Number.isFinite(first) ? event.at - first : null)} | ${inFlight} | ` +
      `${sec(event.backAt - event.at)} | ${sec(Number.isFinite(fastest) ? fastest : null)} | ` +
      `${sec(summary.medianMs)} | ${sec(summary.maxMs)} |`
    );
  });
  return [
    '| Event | at (from the first job start) | jobs in flight | back after | first next step | median next step | max next step |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ];
}

function firedByKind(report: ChaosReport): string {
  const totals = new Map<string, number>();
  for (const rule of report.faultsFired) totals.set(rule.kind, (totals.get(rule.kind) ?? 0) + rule.fired);
  return [...totals.entries()].map(([kind, fired]) => `${kind} ${fired}`).join(', ');
}

/** The markdown body of the recovery section. */
export function renderRecoveryReport(report: ChaosReport, context: RecoveryContext): string {
  const { settings, recovery } = report;
  const m = context.machine;
  const regular = settings.jobs - settings.permanentJobs;
  const completed = report.jobs.filter((j) => j.permanentGroup === null && j.finalStatus === 'completed').length;
  const kills = report.events.filter((e) => e.kind === 'kill-worker');
  const restart = summarizeDelays(kills.map((e) => e.backAt - e.at));
  const server = report.events.filter((e) => e.kind === 'restart-server');
  const final = report.afterGrace.diff;
  const leaked = countNames(final.leaked);
  const duplicated = countNames(final.duplicated);
  const missing = countNames(final.missing);
  const graceOk =
    report.duringGrace.earliestCleanupAt !== null &&
    report.duringGrace.takenAt < report.duringGrace.earliestCleanupAt &&
    countNames(report.duringGrace.diff.leaked) + countNames(report.duringGrace.diff.duplicated) === 0 &&
    countNames(report.duringGrace.diff.missing) === 0;
  const unexpectedExits = report.workerUnexpectedExits.length;
  return [
    '### Recovery under chaos',
    '',
    `Measured ${context.date.toISOString()} on ${m.nproc} CPUs (\`nproc\`; ${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB, ` +
      `Node ${m.node}, ${m.os}, commit ${m.commit}. Load average (1 min) ${context.loadAverage.start.toFixed(1)} before ` +
      `the run, ${context.loadAverage.end.toFixed(1)} at the end. Run ${report.runId}, sandbox seed ${report.seed}, ` +
      `${sec(report.durationMs)} in all.`,
    '',
    `Command: \`${context.command}\``,
    '',
    `${settings.jobs} jobs: ${regular} started over ${sec(settings.startWindowMs)} while the worker process was SIGKILLed ` +
      `(and restarted) ${times(kills.length)} and the dev server restarted ${times(server.length)} on its db file, then ` +
      `${settings.permanentJobs} with a permanent fault (401 on the Pages project create, quota on the Convex project ` +
      `create). Every provider call: ${pct(settings.transientFaultRate)} transient faults (500, 429 with Retry-After, ` +
      `held request); creating calls also ${pct(settings.commitThen500Rate)} \`commit_then_500\`. Faults fired: ` +
      `${firedByKind(report)}. Worker: PROVISION_MAX_ATTEMPTS=${settings.maxAttempts}, backoff 200 ms to 2 s, ` +
      `cleanup grace ${sec(settings.cleanupGraceMs)}.`,
    '',
    '| Figure | Target | Measured | Result |',
    '| --- | --- | --- | --- |',
    `| Recovered without a human, of the jobs that hit a fault | > 80% | ${pct(recovery.share)} (${recovery.recoveredWithoutHuman} of ${recovery.hitFault}; the ${settings.permanentJobs} permanent ones need a human by design) | ${verdict(recovery.share > 0.8)} |`,
    `| The same, jobs without a permanent fault | | ${pct(recovery.nonPermanentShare)} (${recovery.nonPermanentRecovered} of ${recovery.nonPermanentHitFault}) | |`,
    `| Success rate of jobs without a permanent fault | > 99% | ${pct(report.successRate)} (${completed} of ${regular}) | ${verdict(report.successRate > 0.99)} |`,
    `| Leaked resources after the grace (plus duplicated, dangling) | 0 | ${leaked} (+ ${duplicated} duplicated, ${final.dangling.length} dangling; ${missing} missing) | ${verdict(report.leakedResources === 0 && missing === 0)} |`,
    `| Inventory during the grace = completed + what failed jobs hold | exact | ${graceOk ? 'exact' : 'differs (see the run output)'} | ${verdict(graceOk)} |`,
    `| Worker kill → next step of each interrupted job | | ${delays(report.killToNextStep)} | |`,
    `| Worker kill → new worker polling | | ${delays(restart).replace(' interrupted jobs', ' kills')} | |`,
    `| Dev server restart → next step of each interrupted job | | ${delays(report.serverRestartToNextStep)} | |`,
    '',
    'Each chaos event: when it happened, how many jobs had a step in flight, when the new worker polled (or the server ' +
      'answered again), and how long until those jobs completed a step. The first next step is when work resumed; ' +
      'the later ones wait their turn in the backlog the outage left, on a 2-core machine shared with the server.',
    '',
    ...eventRows(report),
    '',
    `Jobs not settled: ${report.unsettled.length}; failed jobs not cleaned up: ${report.notCleanedUp.length}; ` +
      `compensations recorded as leaks: ${report.jobs.filter((j) => j.leaks.length > 0).length}; unexpected worker ` +
      `exits: ${unexpectedExits}; start calls and queries retried during restarts: ${report.retriedCalls.starts} and ` +
      `${report.retriedCalls.queries}. Live resources at the end: ` +
      `${RESOURCE_KINDS.map((k) => `${k} ${final.liveCounts[k]}`).join(', ')}.`,
  ].join('\n');
}
