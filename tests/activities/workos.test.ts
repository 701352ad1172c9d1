import { NotFoundException } from '@workos-inc/node';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/deps';
import { FailureType } from '../../workflows/contracts/provision-tenant';
import {
  rejectionOf,
  startActivityEnv,
  uniqueTenantId,
  type ActivityEnv,
  FAULT_KIND_FAILURES,
} from '../helpers/activity-env';

let env: ActivityEnv;

beforeAll(async () => {
  env = await startActivityEnv();
});
afterAll(() => env.close());
afterEach(() => env.control.faults.clear());

async function orgsOf(tenantId: string) {
  return (await env.control.inventory()).workos.organizations.filter((o) => o.external_id === `tenant-${tenantId}`);
}

describe('createWorkosOrganization', () => {
  it('creates the organization with the external ID and tenant metadata', async () => {
    const tenantId = uniqueTenantId();
    const result = await env.run(
      env.activities.createWorkosOrganization,
      { tenantId, jobId: `provision-${tenantId}`, name: 'Acme Inc' },
      { info: { attempt: 2 } },
    );
    expect(result.adopted).toBe(false);
    expect(result.attempt).toBe(2);
    const orgs = await orgsOf(tenantId);
    expect(orgs).toHaveLength(1);
    expect(orgs[0]).toMatchObject({ id: result.organizationId, name: 'Acme Inc', metadata: { tenantId } });
  });

  it('adopts the organization on a second run', async () => {
    const tenantId = uniqueTenantId();
    const input = { tenantId, jobId: `provision-${tenantId}`, name: 'Acme' };
    const first = await env.run(env.activities.createWorkosOrganization, input);
    const second = await env.run(env.activities.createWorkosOrganization, input);
    expect(second).toMatchObject({ organizationId: first.organizationId, adopted: true });
    expect(await orgsOf(tenantId)).toHaveLength(1);
  });

  it('after commit_then_500 the retry adopts: exactly one organization', async () => {
    const tenantId = uniqueTenantId();
    const input = { tenantId, jobId: `provision-${tenantId}`, name: 'Acme' };
    await env.control.faults.add({
      provider: 'workos',
      operation: 'createOrganization',
      kind: 'commit_then_500',
      count: 1,
    });
    const failure = await rejectionOf(env.run(env.activities.createWorkosOrganization, input));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    const retry = await env.run(env.activities.createWorkosOrganization, input, { info: { attempt: 2 } });
    expect(retry.adopted).toBe(true);
    const orgs = await orgsOf(tenantId);
    expect(orgs.map((o) => o.id)).toEqual([retry.organizationId]);
  });

  it('a 409 on create (lost race) is re-read and adopted', async () => {
    const tenantId = uniqueTenantId();
    const workos = env.deps.providers.workos;
    const raced = await workos.organizations.createOrganization({ name: 'Racer', externalId: `tenant-${tenantId}` });
    // The first lookup misses the organization, as if it were created between the lookup and the create.
    let lookups = 0;
    const organizations = Object.create(workos.organizations) as typeof workos.organizations;
    organizations.getOrganizationByExternalId = async (externalId: string) => {
      lookups += 1;
      if (lookups === 1)
        throw new NotFoundException({ code: 'entity_not_found', message: 'no', path: '/', requestID: '' });
      return workos.organizations.getOrganizationByExternalId(externalId);
    };
    const deps: ActivityDeps = {
      ...env.deps,
      providers: {
        ...env.deps.providers,
        workos: Object.assign(Object.create(workos) as typeof workos, { organizations }),
      },
    };
    const result = await env.run(createActivities(deps).createWorkosOrganization, {
      tenantId,
      jobId: `provision-${tenantId}`,
      name: 'Acme',
    });
    expect(result).toMatchObject({ organizationId: raced.id, adopted: true });
    expect(await orgsOf(tenantId)).toHaveLength(1);
  });

  it.each(FAULT_KIND_FAILURES)(
    '%s on createOrganization fails with %s (nonRetryable %s)',
    async (kind, type, nonRetryable) => {
      const tenantId = uniqueTenantId();
      await env.control.faults.add({ provider: 'workos', operation: 'createOrganization', kind, count: 1 });
      const failure = await rejectionOf(
        env.run(env.activities.createWorkosOrganization, { tenantId, jobId: `provision-${tenantId}`, name: 'Acme' }),
      );
      expect(failure.type).toBe(type);
      expect(failure.nonRetryable).toBe(nonRetryable);
      if (kind === 'rate_limit_429') expect((failure as { nextRetryDelay?: unknown }).nextRetryDelay).toBe(1000);
    },
  );

  it('sends the correlation ID of the attempt with each request (logged per call)', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    await env.run(env.activities.createWorkosOrganization, { tenantId, jobId, name: 'Acme' }, { info: { attempt: 4 } });
    const calls = env.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter(
        (l) =>
          l.msg === 'provider call' && typeof l.correlationId === 'string' && l.correlationId.startsWith(`${jobId}/`),
      );
    expect(calls.map((c) => c.operation)).toEqual(['getOrganizationByExternalId', 'createOrganization']);
    for (const call of calls) {
      expect(call).toMatchObject({ provider: 'workos', method: expect.any(String), status: expect.any(Number) });
      expect(String(call.correlationId)).toMatch(new RegExp(`^${jobId}/\\d+/4$`));
    }
  });
});

describe('deleteWorkosOrganization', () => {
  it('deletes by ID, then reports nothing there', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    const created = await env.run(env.activities.createWorkosOrganization, { tenantId, jobId, name: 'Acme' });
    const resources = { workosOrganizationId: created.organizationId };
    expect(await env.run(env.activities.deleteWorkosOrganization, { tenantId, jobId, resources })).toEqual({
      deleted: true,
      existed: true,
    });
    expect(await orgsOf(tenantId)).toHaveLength(0);
    expect(await env.run(env.activities.deleteWorkosOrganization, { tenantId, jobId, resources })).toEqual({
      deleted: false,
      existed: false,
    });
  });

  it('finds the organization by external ID when the ID is unknown', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    await env.control.faults.add({
      provider: 'workos',
      operation: 'createOrganization',
      kind: 'commit_then_500',
      count: 1,
    });
    await rejectionOf(env.run(env.activities.createWorkosOrganization, { tenantId, jobId, name: 'Acme' }));
    expect(await env.run(env.activities.deleteWorkosOrganization, { tenantId, jobId, resources: {} })).toEqual({
      deleted: true,
      existed: true,
    });
    expect(await orgsOf(tenantId)).toHaveLength(0);
  });

  it("never deletes another tenant's organization given its ID", async () => {
    const mine = uniqueTenantId();
    const other = uniqueTenantId();
    const theirs = await env.run(env.activities.createWorkosOrganization, {
      tenantId: other,
      jobId: `provision-${other}`,
      name: 'Other',
    });
    const result = await env.run(env.activities.deleteWorkosOrganization, {
      tenantId: mine,
      jobId: `provision-${mine}`,
      resources: { workosOrganizationId: theirs.organizationId },
    });
    expect(result).toEqual({ deleted: false, existed: false });
    expect(await orgsOf(other)).toHaveLength(1);
  });
});
