import { renderJobDetails } from '../../workflows/job-details';
import { ProvisioningTracker } from '../../workflows/provisioning-tracker';

const T0 = Date.parse('2026-11-27T12:00:00.000Z');
const quota = { type: 'ProviderQuotaExceeded', message: 'project limit reached', nonRetryable: true };

function tracker(onChange?: (details: string) => void) {
  return new ProvisioningTracker({
    jobId: 'provision-acme',
    tenantId: 'acme',
    startedAt: T0,
    maxRetries: 3,
    ...(onChange ? { onChange: (p) => onChange(renderJobDetails(p)) } : {}),
  });
}

describe('renderJobDetails', () => {
  it('shows a running job with its step, ETA and a row per step', () => {
    const t = tracker();
    t.stepStarted('reserveQuota', T0);
    t.stepCompleted('reserveQuota', 2, T0 + 150);
    t.stepStarted('createWorkosOrganization', T0 + 150);
    const details = renderJobDetails(t.progress());
    expect(details.split('\n')[0]).toBe(
      `**running** · 1/9 steps (11%) · step \`createWorkosOrganization\` · ETA ${t.progress().estimatedCompletionAt}`,
    );
    expect(details).toContain('| reserveQuota | completed | 2 | 2026-11-27T12:00:00.000Z | 2026-11-27T12:00:00.150Z |');
    expect(details).toContain('| createWorkosOrganization | running |  | 2026-11-27T12:00:00.150Z |  |');
    expect(details).toContain('| sendReadyEmails | pending |  |  |  |');
    expect(details).not.toContain('retry');
  });

  it('tells an admin how a failed job is retried, and when it will be cleaned up', () => {
    const t = tracker();
    t.stepStarted('createPagesProject', T0);
    t.stepFailed('createPagesProject', quota, 1, T0 + 10);
    t.jobFailed('createPagesProject', quota, T0 + 86_400_000);
    const details = renderJobDetails(t.progress());
    expect(details).toContain('Failed at `createPagesProject`: ProviderQuotaExceeded: project limit reached');
    expect(details).toContain('Cleaned up at 2026-11-28T12:00:00.000Z unless retried');
    expect(details).toContain('**Send Signal** `retry` with `{"requestedBy": "you@example.com"}`');
    expect(details).toContain('scripts/retry-job.sh provision-acme');
  });

  it('shows a finished job, its admin retries and its leaks', () => {
    const t = tracker();
    t.stepStarted('createPagesProject', T0);
    t.stepFailed('createPagesProject', quota, 1, T0 + 10);
    t.jobFailed('createPagesProject', quota, T0 + 1_000);
    t.retried('ops@example.com', T0 + 20);
    t.stepStarted('createPagesProject', T0 + 25);
    t.compensating();
    t.leaked('createPagesProject', 'ProviderUnavailable: 500');
    t.finish('cancelled', T0 + 30);
    const details = renderJobDetails(t.progress());
    expect(details.split('\n')[0]).toBe(
      '**cancelled** · 0/9 steps (0%) · step `createPagesProject` · finished 2026-11-27T12:00:00.030Z · 1 admin retry',
    );
    expect(details).toContain('**Leaked** (the orphan scan reports them): `createPagesProject`');
  });
});

describe('ProvisioningTracker onChange', () => {
  it('reports every change, so the details never lag behind the progress', () => {
    const seen: string[] = [];
    const t = tracker((details) => seen.push(details.split('\n')[0] ?? ''));
    t.stepStarted('reserveQuota', T0);
    t.stepCompleted('reserveQuota', 1, T0 + 5);
    t.finish('completed', T0 + 10);
    expect(seen).toHaveLength(4); // constructed, started, completed, finished
    expect(seen[0]).toMatch(/^\*\*running\*\* · 0\/9 steps/);
    expect(seen[2]).toMatch(/^\*\*running\*\* · 1\/9 steps/);
    expect(seen[3]).toBe('**completed** · 1/9 steps (11%) · finished 2026-11-27T12:00:00.010Z');
  });
});
