import { FailureType } from '../../workflows/contracts/provision-tenant';
import type { ResourceCheck } from '../../activities/contract';
import { rejectionOf, startActivityEnv, uniqueTenantId, type ActivityEnv } from '../helpers/activity-env';
import { provisionResources } from '../helpers/provision-resources';

let env: ActivityEnv;

beforeAll(async () => {
  env = await startActivityEnv();
});
afterAll(() => env.close());
afterEach(() => env.control.faults.clear());

function failingChecks(failure: { details?: unknown[] }): string[] {
  const detail = failure.details?.[0] as { checks: ResourceCheck[] } | undefined;
  return (detail?.checks ?? []).filter((c) => !c.ok).map((c) => c.resource);
}

describe('validateResources', () => {
  it('passes every check for a provisioned tenant', async () => {
    const tenantId = uniqueTenantId();
    const resources = await provisionResources(env, tenantId);
    const result = await env.run(
      env.activities.validateResources,
      { tenantId, jobId: `provision-${tenantId}`, resources },
      { info: { attempt: 2 } },
    );
    expect(result.attempt).toBe(2);
    expect(result.checks.map((c) => [c.resource, c.ok])).toEqual([
      ['convex', true],
      ['workos', true],
      ['cloudflareDeployment', true],
      ['site', true],
    ]);
  });

  it('a site that is down is ResourceNotReady (retryable) naming the site check; healed, it passes', async () => {
    const tenantId = uniqueTenantId();
    const resources = await provisionResources(env, tenantId);
    const input = { tenantId, jobId: `provision-${tenantId}`, resources };
    await env.control.setSiteState(resources.pagesProjectName ?? '', 'down');
    const failure = await rejectionOf(env.run(env.activities.validateResources, input));
    expect(failure.type).toBe(FailureType.ResourceNotReady);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('site (');
    expect(failingChecks(failure as { details?: unknown[] })).toEqual(['site']);

    await env.control.setSiteState(resources.pagesProjectName ?? '', 'up');
    const healed = await env.run(env.activities.validateResources, input);
    expect(healed.checks.every((c) => c.ok)).toBe(true);
  });

  it('a Convex deployment that is down fails the convex check', async () => {
    const tenantId = uniqueTenantId();
    const resources = await provisionResources(env, tenantId);
    await env.control.setSiteState(resources.convexDeploymentName ?? '', 'down');
    const failure = await rejectionOf(
      env.run(env.activities.validateResources, { tenantId, jobId: `provision-${tenantId}`, resources }),
    );
    expect(failure.type).toBe(FailureType.ResourceNotReady);
    expect(failingChecks(failure as { details?: unknown[] })).toEqual(['convex']);
    await env.control.setSiteState(resources.convexDeploymentName ?? '', 'up');
  });

  it('a WorkOS outage fails the workos check with the classified failure type in its detail', async () => {
    const tenantId = uniqueTenantId();
    const resources = await provisionResources(env, tenantId);
    await env.control.faults.add({ provider: 'workos', operation: 'getOrganization', kind: 'error_500', count: 1 });
    const failure = await rejectionOf(
      env.run(env.activities.validateResources, { tenantId, jobId: `provision-${tenantId}`, resources }),
    );
    const detail = failure as { details?: unknown[] };
    expect(failingChecks(detail)).toEqual(['workos']);
    const checks = (detail.details?.[0] as { checks: ResourceCheck[] }).checks;
    expect(checks.find((c) => c.resource === 'workos')?.detail).toMatch(/^ProviderUnavailable: /);
  });

  it('missing resource IDs fail their checks', async () => {
    const tenantId = uniqueTenantId();
    const failure = await rejectionOf(
      env.run(env.activities.validateResources, { tenantId, jobId: `provision-${tenantId}`, resources: {} }),
    );
    expect(failure.type).toBe(FailureType.ResourceNotReady);
    expect(failingChecks(failure as { details?: unknown[] })).toEqual([
      'convex',
      'workos',
      'cloudflareDeployment',
      'site',
    ]);
  });
});
