import { formatJobList } from '../../../client/cli/format/job-list';
import { formatOutcome, outcomeExitCode } from '../../../client/cli/format/outcome';
import { formatResources, formatStatusReport, formatStepsTable } from '../../../client/cli/format/status-report';
import { iso, progressFixture, T0 } from './progress-fixture';

describe('formatStatusReport', () => {
  it('reports job fields, the progress line and one row per step', () => {
    const report = formatStatusReport(progressFixture(), T0 + 5_500);
    expect(report).toMatch(/^Job\s+provision-acme$/m);
    expect(report).toMatch(/^Status\s+running$/m);
    expect(report).toContain('deployFrontend (5/9) ETA 15s');
    expect(report).toMatch(/^reserveQuota\s+completed\s+1\s+1s\s+-$/m);
    expect(report).toMatch(/^deployFrontend\s+running\s+1\s+500ms\s+-$/m);
    expect(report).toMatch(/^sendReadyEmails\s+pending\s+0\s+-\s+-$/m);
    expect(report).not.toMatch(/^Resources$/m);
  });

  it('shows the error, who retried, the cleanup time and leaks of a failed job', () => {
    const report = formatStatusReport(
      progressFixture({
        status: 'failed',
        cleanupAt: iso(T0 + 86_400_000),
        retryCount: 1,
        retries: [{ requestedBy: 'ops@brain', at: iso(T0 + 1000) }],
        error: { step: 'createPagesProject', type: 'ProviderAuthFailed', message: '401', nonRetryable: true },
        leaks: [{ step: 'createConvexProject', error: 'delete failed' }],
      }),
      T0,
    );
    expect(report).toContain('Error       createPagesProject: ProviderAuthFailed: 401 (not retryable)');
    expect(report).toContain(`Retries     1 (last by ops@brain at ${iso(T0 + 1000)}); each step up to 3 attempts`);
    expect(report).toContain(`Cleanup at  ${iso(T0 + 86_400_000)}`);
    expect(report).toContain('Leaks       createConvexProject: delete failed');
  });

  it('lists the resources created so far', () => {
    const resources = { convexProjectId: 42, siteUrl: 'http://sites/tenant-acme' };
    expect(formatResources(resources)).toBe('Convex project  42\nSite            http://sites/tenant-acme');
    expect(formatStatusReport(progressFixture({ resources }), T0)).toContain('Resources\nConvex project  42');
  });

  it('shows a step error in its row', () => {
    const progress = progressFixture();
    const step = progress.steps[5];
    if (!step) throw new Error('fixture has no step 5');
    step.error = { type: 'ResourceNotReady', message: 'site answered 503', nonRetryable: false };
    expect(formatStepsTable(progress, T0 + 6000)).toMatch(/deployFrontend\s+running\s+1\s+1s\s+ResourceNotReady: site/);
  });
});

describe('formatOutcome', () => {
  it('exits 0 with the site for a completed job', () => {
    const done = progressFixture(
      { status: 'completed', finishedAt: iso(T0 + 14_000), resources: { siteUrl: 'http://s', loginUrl: 'http://l' } },
      9,
    );
    expect(outcomeExitCode(done)).toBe(0);
    expect(formatOutcome(done)).toBe('Tenant acme is ready (14s).\nSite   http://s\nLogin  http://l');
  });

  it('exits 1 with the failure and the retry command for a failed job', () => {
    const failed = progressFixture({
      status: 'failed',
      cleanupAt: iso(T0),
      error: { step: 'deployFrontend', type: 'DeploymentFailed', message: 'build failed', nonRetryable: true },
    });
    expect(outcomeExitCode(failed)).toBe(1);
    expect(formatOutcome(failed)).toBe(
      [
        'Job provision-acme failed at deployFrontend: DeploymentFailed: build failed',
        `Its resources are cleaned up at ${iso(T0)} unless it is retried.`,
        'Retry with: npm run cli -- retry provision-acme',
      ].join('\n'),
    );
  });

  it('exits 1 for cancelled and cleaned up jobs', () => {
    for (const status of ['cancelled', 'cleaned_up'] as const) {
      const progress = progressFixture({ status });
      expect(outcomeExitCode(progress)).toBe(1);
      expect(formatOutcome(progress)).toContain('provision-acme');
    }
  });
});

describe('formatJobList', () => {
  it('prints a row per job, falling back to the execution status without a search attribute', () => {
    const text = formatJobList([
      {
        jobId: 'provision-acme',
        runId: 'r1',
        tenantId: 'acme',
        plan: 'pro',
        status: 'failed',
        step: 'deployFrontend',
        executionStatus: 'RUNNING',
        startedAt: iso(T0),
        closedAt: null,
      },
      {
        jobId: 'provision-beta',
        runId: 'r2',
        tenantId: null,
        plan: null,
        status: null,
        step: null,
        executionStatus: 'TERMINATED',
        startedAt: iso(T0),
        closedAt: iso(T0 + 1000),
      },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^JOB ID\s+TENANT\s+PLAN\s+STATUS\s+STEP\s+STARTED\s+CLOSED$/);
    expect(lines[1]).toMatch(/^provision-acme\s+acme\s+pro\s+failed\s+deployFrontend\s+2025-01-01T10:00:00.000Z\s+-$/);
    expect(lines[2]).toMatch(/^provision-beta\s+-\s+-\s+terminated\s+-/);
  });

  it('says so when nothing matches', () => {
    expect(formatJobList([])).toBe('No provisioning jobs match.');
  });
});
