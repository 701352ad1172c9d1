/**
 * The chaos test: 50 jobs under 20% transient faults on every provider call and 5% lost responses on creating
 * calls; 47 of them while the worker process is SIGKILLed twice and the dev server is restarted (its db file keeps
 * the jobs), then 3 with a permanent fault. Every job must settle, every job without a permanent fault must
 * complete on its own, and the sandbox inventory must be exactly the completed jobs' resources plus what the failed
 * ones hold during their grace, then the completed jobs' alone: no duplicate, no leak. Runs its own dev server,
 * sandbox and worker process; about three minutes on two cores (one of them the 60 s cleanup grace).
 */
import { runChaos, type ChaosReport } from './chaos-run';
import { RESOURCE_KINDS } from './inventory-diff';

const JOBS = 50;
const PERMANENT_JOBS = 3;

function note(message: string): void {
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

describe('chaos: faults, a killed worker and a restarted server', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({
      jobs: JOBS,
      permanentJobs: PERMANENT_JOBS,
      startWindowMs: 30_000,
      cleanupGraceMs: 60_000,
      // Each phase waits at most this long, so a stuck job fails the checks below instead of the hook's timeout.
      settleTimeoutMs: 300_000,
      note,
    });
    note(
      `recovered without a human ${report.recovery.recoveredWithoutHuman}/${report.recovery.hitFault}; ` +
        `kill to next step median ${report.killToNextStep.medianMs} ms, max ${report.killToNextStep.maxMs} ms`,
    );
  }, 15 * 60_000);

  it('ran the chaos it was asked for, while jobs were in flight', () => {
    expect(report.events.map((e) => e.kind)).toEqual(['kill-worker', 'restart-server', 'kill-worker']);
    for (const event of report.events) {
      expect(event.interrupted.delays.length + event.interrupted.noNextStep.length).toBeGreaterThan(0);
    }
    const fired = (kind: string) =>
      report.faultsFired.filter((f) => f.kind === kind).reduce((sum, f) => sum + f.fired, 0);
    expect(fired('error_500')).toBeGreaterThan(0);
    expect(fired('rate_limit_429')).toBeGreaterThan(0);
    expect(fired('commit_then_500')).toBeGreaterThan(0);
    expect(report.workerUnexpectedExits).toEqual([]);
  });

  it('settles every job: the ones without a permanent fault completed, on their own', () => {
    expect(report.unsettled).toEqual([]);
    const notCompleted = report.jobs
      .filter((j) => j.permanentGroup === null && j.settledStatus !== 'completed')
      .map((j) => ({ tenantId: j.tenantId, status: j.settledStatus, step: j.failedStep, type: j.errorType }));
    expect(notCompleted).toEqual([]);
    expect(report.jobs.filter((j) => j.retryCount > 0).map((j) => j.tenantId)).toEqual([]);
    expect(report.successRate).toBe(1);
    // Some completed jobs needed retries: the faults hit real jobs and they recovered without a human.
    expect(report.recovery.nonPermanentHitFault).toBeGreaterThan(0);
    expect(report.recovery.nonPermanentShare).toBe(1);
  });

  it('fails each permanent job at the faulted step with the fault’s type, then cleans it up after the grace', () => {
    const permanent = report.jobs.filter((j) => j.permanentGroup !== null);
    expect(permanent).toHaveLength(PERMANENT_JOBS);
    expect(
      permanent.map((j) => ({ tenantId: j.tenantId, status: j.settledStatus, step: j.failedStep, type: j.errorType })),
    ).toEqual(
      permanent.map((j) => ({
        tenantId: j.tenantId,
        status: 'failed',
        step: j.expectedFailure?.step,
        type: j.expectedFailure?.type,
      })),
    );
    expect(report.notCleanedUp).toEqual([]);
    expect(permanent.map((j) => j.finalStatus)).toEqual(permanent.map(() => 'cleaned_up'));
  });

  it('holds exactly the resources of completed jobs plus those of failed jobs in their grace', () => {
    const { duringGrace } = report;
    // Taken before any failed job could start compensating, or the expectation would be ambiguous.
    expect(duringGrace.earliestCleanupAt).not.toBeNull();
    expect(duringGrace.takenAt).toBeLessThan(duringGrace.earliestCleanupAt ?? 0);
    expect(duringGrace.diff).toMatchObject({
      missing: { convexProjects: [], workosOrganizations: [], pagesProjects: [] },
      leaked: { convexProjects: [], workosOrganizations: [], pagesProjects: [] },
      duplicated: { convexProjects: [], workosOrganizations: [], pagesProjects: [] },
      dangling: [],
    });
    const completed = report.jobs.filter((j) => j.settledStatus === 'completed').length;
    expect(duringGrace.expectedCount).toBeGreaterThan(3 * completed);
  });

  it('holds exactly the completed jobs’ resources once the failed ones are cleaned up: no leak, no duplicate', () => {
    const { afterGrace } = report;
    expect(afterGrace.diff).toMatchObject({
      missing: { convexProjects: [], workosOrganizations: [], pagesProjects: [] },
      leaked: { convexProjects: [], workosOrganizations: [], pagesProjects: [] },
      duplicated: { convexProjects: [], workosOrganizations: [], pagesProjects: [] },
      dangling: [],
    });
    const completed = report.jobs.filter((j) => j.finalStatus === 'completed').length;
    expect(afterGrace.expectedCount).toBe(3 * completed);
    for (const kind of RESOURCE_KINDS) expect(afterGrace.diff.liveCounts[kind]).toBe(completed);
    expect(
      report.jobs.filter((j) => j.leaks.length > 0).map((j) => ({ tenantId: j.tenantId, leaks: j.leaks })),
    ).toEqual([]);
    expect(report.leakedResources).toBe(0);
  });

  it('repeats of finished jobs, cancelled or not, complete as already provisioned and harm no live tenant', () => {
    expect(report.repeats.other).toEqual([]);
    expect(report.repeats.started).toBeGreaterThan(0);
    expect(report.repeats.alreadyProvisioned + report.repeats.cancelled).toBe(report.repeats.started);
    expect(report.instancesNotActive).toEqual([]);
    // Nothing of a live tenant was deleted: the final inventory above has every completed job's resources.
    expect(report.afterGrace.diff.missing).toEqual({ convexProjects: [], workosOrganizations: [], pagesProjects: [] });
  });

  it('measures the time from each worker kill to the next step of the jobs it interrupted', () => {
    expect(report.killToNextStep.count).toBeGreaterThan(0);
    const permanent = new Set(report.jobs.filter((j) => j.permanentGroup !== null).map((j) => j.tenantId));
    for (const event of report.events) {
      // A job that never completed a step after an event must be one that failed on purpose.
      expect(event.interrupted.noNextStep.filter((id) => !permanent.has(id))).toEqual([]);
    }
  });
});
