/**
 * Provisioning jobs through the HTTP API against a real worker: start, follow, list, retry a failed job, refuse to
 * retry a running or completed one, cancel, and on-demand instance health.
 */
import type { SandboxInventory } from '../helpers/sandbox-control';
import { tenantInput, uniqueTenantId } from '../workflows/workflow-test-utils';
import { FIXTURE_PRINCIPALS, pollProgress, startApiFixture, type ApiFixture } from './api-fixture';

let api: ApiFixture;

beforeAll(async () => {
  // Transient faults keep a step retrying (the job stays running) for as long as the fault is armed.
  api = await startApiFixture({ env: { PROVISION_MAX_ATTEMPTS: '1000' } });
});

afterEach(async () => {
  await api.stack.faults.clear();
});

afterAll(async () => {
  // Whatever ran (the whole file, or one test alone): no request got a 500 (an unexpected error is a bug).
  const statuses = api?.logLines.filter((l) => l.msg === 'http request').map((l) => l.status as number) ?? [];
  const errors = api?.logLines.filter((l) => l.level === 'error') ?? [];
  await api?.close();
  if (statuses.includes(500) || errors.length > 0) {
    throw new Error(`the API answered a 500 or logged an error: ${JSON.stringify(errors)}`);
  }
});

interface StartJson {
  jobId: string;
  runId: string;
  status: string;
  statusUrl: string;
  existing: boolean;
}
const FAULT_COUNT = 100_000;

/** How many times a sandbox fault rule has fired. */
async function firedCount(faultId: string): Promise<number> {
  const response = await fetch(`${api.stack.sandbox.url}/_sandbox/faults`);
  const { faults } = (await response.json()) as { faults: { id: string; remaining: number | null }[] };
  const rule = faults.find((f) => f.id === faultId);
  return rule?.remaining == null ? 0 : FAULT_COUNT - rule.remaining;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Names of the tenant's live resources in the sandbox, whatever the provider. */
function tenantResources(inventory: SandboxInventory, tenantId: string): string[] {
  const name = `tenant-${tenantId}`;
  return [
    ...inventory.convex.projects.filter((p) => p.name === name).map((p) => `convex:${p.name}`),
    ...inventory.workos.organizations.filter((o) => o.external_id === name).map((o) => `workos:${o.id}`),
    ...inventory.cloudflare.projects.filter((p) => p.name === name).map((p) => `cloudflare:${p.name}`),
  ];
}

const errorCode = (json: unknown): string | undefined => (json as { error?: { code?: string } }).error?.code;

async function start(tenantId: string): Promise<StartJson> {
  const response = await api.call('POST', '/provisioning', { body: tenantInput(tenantId) });
  expect(response.status).toBe(202);
  return response.json as StartJson;
}

describe('a job that completes', () => {
  const tenantId = uniqueTenantId('api-ok');
  const jobId = `provision-${tenantId}`;
  /** The start of this block's job; every test below reads it or the job, so they pass in any order or alone. */
  let started: Awaited<ReturnType<ApiFixture['call']>>;

  beforeAll(async () => {
    started = await api.call('POST', '/provisioning', { body: tenantInput(tenantId) });
    await pollProgress(api, jobId, (p) => p.status === 'completed');
  });

  it('starts with 202, a public status URL, the progress URL and a Location header', () => {
    const response = started;
    expect(response.status).toBe(202);
    const progressUrl = `${api.stack.config.api.publicUrl}/provisioning/${jobId}`;
    expect(response.json).toMatchObject({ jobId, status: 'running', existing: false, progressUrl });
    // 256 random bits, base64url: nothing of the tenant or the job in it.
    const statusUrl = (response.json as StartJson).statusUrl;
    expect(statusUrl).toMatch(new RegExp(`^${api.stack.config.api.publicUrl}/status/[A-Za-z0-9_-]{43}$`));
    expect(statusUrl).not.toContain(tenantId);
    expect(response.headers.get('Location')).toBe(progressUrl);
  });

  it('reports progress from the workflow until it completes', async () => {
    const progress = await pollProgress(api, jobId, (p) => p.status === 'completed');
    expect(progress).toMatchObject({ jobId, tenantId, percent: 100, completedSteps: 9, error: null });
    expect((progress.resources as { siteUrl?: string }).siteUrl).toEqual(expect.any(String));
    const response = await api.call('GET', `/provisioning/${jobId}`);
    expect(response.headers.get('X-Progress-Source')).toBe('temporal');
  });

  it('returns the completed job instead of starting another', async () => {
    const again = await api.call('POST', '/provisioning', { body: tenantInput(tenantId, { name: 'Other name' }) });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ jobId, status: 'completed', existing: true });
  });

  it('lists the job from the store projections, filtered by tenant and status', async () => {
    const byTenant = await api.call('GET', `/provisioning?tenantId=${tenantId}`);
    expect(byTenant.status).toBe(200);
    const jobs = (byTenant.json as { jobs: Record<string, unknown>[] }).jobs;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ jobId, tenantId, status: 'completed', plan: 'pro' });
    expect(jobs[0]).not.toHaveProperty('progress');
    const failed = await api.call('GET', `/provisioning?tenantId=${tenantId}&status=failed`);
    expect((failed.json as { jobs: unknown[] }).jobs).toEqual([]);
  });

  it('refuses to retry a completed job with 409 job_not_failed', async () => {
    const response = await api.call('POST', `/retry-provisioning/${jobId}`, { admin: true });
    expect(response.status).toBe(409);
    expect(errorCode(response.json)).toBe('job_not_failed');
  });

  it('reports the stored health, and checks the instance live through Temporal: healthy, then the broken site', async () => {
    expect(tenantResources(await api.stack.inventory(), tenantId)).toHaveLength(3);
    const stored = await api.call('GET', `/instance-health/${tenantId}`);
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ instanceId: tenantId, status: 'active', healthy: true, source: 'stored' });

    const healthy = await api.call('GET', `/instance-health/${tenantId}?live=true`);
    expect(healthy.status).toBe(200);
    expect(healthy.json).toMatchObject({ instanceId: tenantId, status: 'active', healthy: true, source: 'live' });
    const checks = (healthy.json as { checks: { check: string; result: string }[] }).checks;
    expect(checks.map((c) => [c.check, c.result])).toEqual([
      ['convex', 'ok'],
      ['pages', 'ok'],
      ['site', 'ok'],
    ]);

    // A live check is cached per instance (INSTANCE_HEALTH_CACHE): an API without the cache sees the change at once.
    const uncached = api.callerWith({ instanceHealthCacheMs: 0 });
    await api.stack.control.setSiteState(`tenant-${tenantId}`, 'down');
    try {
      const cached = await api.call('GET', `/instance-health/${tenantId}?live=true`);
      expect(cached.json).toMatchObject({ healthy: true, source: 'live' });
      const broken = await uncached('GET', `/instance-health/${tenantId}?live=true`);
      expect(broken.json).toMatchObject({ healthy: false, status: 'down', source: 'live' });
      const site = (broken.json as { checks: { check: string; result: string }[] }).checks.find(
        (c) => c.check === 'site',
      );
      expect(site?.result).toBe('failed');
      expect((broken.json as { history: unknown[] }).history).toEqual([
        { fromStatus: 'active', toStatus: 'down', at: expect.any(String) as string },
      ]);
    } finally {
      await api.stack.control.setSiteState(`tenant-${tenantId}`, 'up');
    }
    const healed = await uncached('GET', `/instance-health/${tenantId}?live=true`);
    expect(healed.json).toMatchObject({ status: 'active', unhealthySince: null });
  });
});

describe('a job that fails', () => {
  it('fails on a permanent error, is retried by an admin and completes, recording who retried', async () => {
    const tenantId = uniqueTenantId('api-fail');
    await api.stack.faults.add({
      provider: 'cloudflare',
      operation: 'createProject',
      kind: 'unauthorized_401',
      count: 1,
    });
    const { jobId } = await start(tenantId);
    const failed = await pollProgress(api, jobId, (p) => p.status === 'failed');
    expect(failed.error).toMatchObject({ step: 'createPagesProject', type: 'ProviderAuthFailed', nonRetryable: true });

    const unauthorized = await api.call('POST', `/retry-provisioning/${jobId}`, {
      as: 'none',
      body: { requestedBy: 'ops' },
    });
    expect(unauthorized.status).toBe(401);
    const forbidden = await api.call('POST', `/retry-provisioning/${jobId}`, { as: 'brain', body: {} });
    expect(forbidden.status).toBe(403);

    const retried = await api.call('POST', `/retry-provisioning/${jobId}`, {
      admin: true,
      body: { requestedBy: 'ops' },
    });
    expect(retried.status).toBe(202);
    // The actor is the authenticated admin; the body only adds on whose behalf.
    const actor = `${FIXTURE_PRINCIPALS.admin} (on behalf of ops)`;
    expect(retried.json).toMatchObject({ jobId, status: 'running', requestedBy: actor });

    const completed = await pollProgress(api, jobId, (p) => p.status === 'completed');
    expect(completed.retryCount).toBe(1);
    expect(completed.retries).toEqual([{ requestedBy: actor, at: expect.any(String) }]);
    const audit = await api.stack.store.listAudit({ target: jobId });
    expect(audit.map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ['job.start', FIXTURE_PRINCIPALS.brain, 'ok'],
      ['job.retry', FIXTURE_PRINCIPALS.admin, 'ok'],
    ]);
    expect(audit[1]?.detail).toMatchObject({ onBehalfOf: 'ops' });
  });

  it('validates the retry body', async () => {
    const response = await api.call('POST', '/retry-provisioning/provision-whoever', {
      admin: true,
      body: { requestedBy: '', reason: 'x' },
    });
    expect(response.status).toBe(400);
    const issues = (response.json as { error: { issues: { path: string }[] } }).error.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['reason', 'requestedBy']);
  });
});

describe('a running job', () => {
  it('refuses a retry with 409, is cancelled with 202, compensates and ends cancelled', async () => {
    const tenantId = uniqueTenantId('api-run');
    const fault = await api.stack.faults.add({
      provider: 'cloudflare',
      operation: 'createProject',
      kind: 'error_500',
      count: FAULT_COUNT,
    });
    const { jobId } = await start(tenantId);
    // The step is being retried: the fault has answered at least twice and the job is still running.
    await eventually(async () => (await firedCount(fault.id)) >= 2);
    await pollProgress(api, jobId, (p) => p.status === 'running' && p.currentStep === 'createPagesProject');

    const retry = await api.call('POST', `/retry-provisioning/${jobId}`, { admin: true });
    expect(retry.status).toBe(409);
    expect(errorCode(retry.json)).toBe('job_not_failed');

    const unauthorized = await api.call('POST', `/provisioning/${jobId}/cancel`, { as: 'none' });
    expect(unauthorized.status).toBe(401);
    const cancel = await api.call('POST', `/provisioning/${jobId}/cancel`, { admin: true });
    expect(cancel.status).toBe(202);
    expect(cancel.json).toMatchObject({ jobId, status: 'cancelling' });
    await api.stack.faults.clear();

    const cancelled = await pollProgress(api, jobId, (p) => p.status === 'cancelled');
    expect(cancelled.leaks).toEqual([]);
    expect(tenantResources(await api.stack.inventory(), tenantId)).toEqual([]);
    const again = await api.call('POST', `/provisioning/${jobId}/cancel`, { admin: true });
    expect(again.status).toBe(409);
    expect(errorCode(again.json)).toBe('job_not_running');
  });
});
