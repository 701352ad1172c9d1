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

async function projectsNamed(name: string) {
  return (await env.control.inventory()).convex.projects.filter((p) => p.name === name);
}

describe('createConvexProject', () => {
  it('creates the project with a prod deployment and reports the attempt', async () => {
    const tenantId = uniqueTenantId();
    const result = await env.run(
      env.activities.createConvexProject,
      { tenantId, jobId: `provision-${tenantId}` },
      { info: { attempt: 3 } },
    );
    expect(result.adopted).toBe(false);
    expect(result.attempt).toBe(3);
    expect(result.deploymentUrl).toBe(`${env.sandbox.url}/_convex/${result.deploymentName}`);
    const inventory = await env.control.inventory();
    expect(inventory.convex.projects.filter((p) => p.name === `tenant-${tenantId}`)).toHaveLength(1);
    const deployment = inventory.convex.deployments.find((d) => d.name === result.deploymentName);
    expect(deployment).toMatchObject({ deploymentType: 'prod', projectId: result.projectId });
  });

  it('after commit_then_500 the retry adopts the project: exactly one exists', async () => {
    const tenantId = uniqueTenantId();
    const input = { tenantId, jobId: `provision-${tenantId}` };
    await env.control.faults.add({ provider: 'convex', operation: 'createProject', kind: 'commit_then_500', count: 1 });
    const failure = await rejectionOf(env.run(env.activities.createConvexProject, input, { info: { attempt: 1 } }));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    expect(failure.nonRetryable).toBe(false);

    const retry = await env.run(env.activities.createConvexProject, input, { info: { attempt: 2 } });
    expect(retry.adopted).toBe(true);
    expect(retry.attempt).toBe(2);
    const projects = await projectsNamed(`tenant-${tenantId}`);
    expect(projects).toHaveLength(1);
    expect(projects[0]?.id).toBe(retry.projectId);
  });

  it('adopts a project without a prod deployment and creates the deployment', async () => {
    const tenantId = uniqueTenantId();
    const bare = await env.deps.providers.convex.createProject({ projectName: `tenant-${tenantId}` });
    const result = await env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
    expect(result).toMatchObject({ adopted: true, projectId: bare.projectId });
    const inventory = await env.control.inventory();
    const prod = inventory.convex.deployments.filter(
      (d) => d.projectId === bare.projectId && d.deploymentType === 'prod',
    );
    expect(prod.map((d) => d.name)).toEqual([result.deploymentName]);
  });

  it.each(FAULT_KIND_FAILURES)(
    '%s on createProject fails with %s (nonRetryable %s)',
    async (kind, type, nonRetryable) => {
      const tenantId = uniqueTenantId();
      await env.control.faults.add({ provider: 'convex', operation: 'createProject', kind, count: 1 });
      const failure = await rejectionOf(
        env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` }),
      );
      expect(failure.type).toBe(type);
      expect(failure.nonRetryable).toBe(nonRetryable);
      if (kind === 'rate_limit_429') expect((failure as { nextRetryDelay?: unknown }).nextRetryDelay).toBe(1000);
      if (kind !== 'timeout') expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(0);
    },
  );

  it('rejects an invalid input with InvalidInput, naming the field', async () => {
    const failure = await rejectionOf(env.run(env.activities.createConvexProject, { tenantId: 'Bad Id', jobId: 'j' }));
    expect(failure.type).toBe(FailureType.InvalidInput);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('tenantId');
  });
});

describe('deployConvexBackend', () => {
  /** Activities whose management client records every deploy key it creates (the secret never leaves otherwise). */
  function activitiesCapturingKeys(): { activities: ReturnType<typeof createActivities>; keys: string[] } {
    const keys: string[] = [];
    const convex = env.deps.providers.convex;
    const deps: ActivityDeps = {
      ...env.deps,
      providers: {
        ...env.deps.providers,
        convex: {
          ...convex,
          createDeployKey: async (deploymentName, name) => {
            const key = await convex.createDeployKey(deploymentName, name);
            keys.push(key);
            return key;
          },
        },
      },
    };
    return { activities: createActivities(deps), keys };
  }

  async function provisionedProject(tenantId: string) {
    return env.run(env.activities.createConvexProject, { tenantId, jobId: `provision-${tenantId}` });
  }

  it('pushes the backend, sets the env vars and configures the tenant; the key never leaves the activity', async () => {
    const tenantId = uniqueTenantId();
    const project = await provisionedProject(tenantId);
    const { activities, keys } = activitiesCapturingKeys();
    const input = {
      tenantId,
      jobId: `provision-${tenantId}`,
      deploymentName: project.deploymentName,
      deploymentUrl: project.deploymentUrl,
      plan: 'pro' as const,
      workosOrganizationId: 'org_123',
    };
    const result = await env.run(activities.deployConvexBackend, input, { info: { attempt: 2 } });
    expect(result).toEqual({ deployKeyName: `provisioner-${tenantId}`, attempt: 2 });

    const inventory = await env.control.inventory();
    const deployment = inventory.convex.deployments.find((d) => d.name === project.deploymentName);
    expect(deployment?.envVars).toEqual({ TENANT_ID: tenantId, TENANT_PLAN: 'pro', WORKOS_ORGANIZATION_ID: 'org_123' });
    expect(deployment?.tables.settings).toEqual([
      expect.objectContaining({ tenantId, plan: 'pro', workosOrganizationId: 'org_123' }),
    ]);
    expect(deployment?.modules).toEqual(['health', 'tenant']);

    expect(keys).toHaveLength(1);
    const secret = keys[0] ?? '';
    expect(secret.length).toBeGreaterThan(10);
    expect(JSON.stringify(result)).not.toContain(secret);
    const secretPart = secret.split('|')[1] ?? secret;
    expect(env.logLines.length).toBeGreaterThan(0);
    expect(env.logLines.filter((l) => l.includes(secretPart))).toEqual([]);
  });

  it('a retry replaces the deploy key: one key of that name, the old one revoked', async () => {
    const tenantId = uniqueTenantId();
    const project = await provisionedProject(tenantId);
    const { activities, keys } = activitiesCapturingKeys();
    const input = {
      tenantId,
      jobId: `provision-${tenantId}`,
      deploymentName: project.deploymentName,
      deploymentUrl: project.deploymentUrl,
      plan: 'free' as const,
      workosOrganizationId: 'org_1',
    };
    await env.run(activities.deployConvexBackend, input, { info: { attempt: 1 } });
    await env.run(activities.deployConvexBackend, input, { info: { attempt: 2 } });
    const inventory = await env.control.inventory();
    const named = inventory.convex.deployKeys.filter((k) => k.name === `provisioner-${tenantId}`);
    expect(named).toHaveLength(1);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('a 500 on the env var update is ProviderUnavailable; the retry completes', async () => {
    const tenantId = uniqueTenantId();
    const project = await provisionedProject(tenantId);
    const input = {
      tenantId,
      jobId: `provision-${tenantId}`,
      deploymentName: project.deploymentName,
      deploymentUrl: project.deploymentUrl,
      plan: 'enterprise' as const,
      workosOrganizationId: 'org_9',
    };
    await env.control.faults.add({
      provider: 'convex_deployment',
      operation: 'updateEnvironmentVariables',
      kind: 'error_500',
      count: 1,
    });
    const failure = await rejectionOf(env.run(env.activities.deployConvexBackend, input));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    const result = await env.run(env.activities.deployConvexBackend, input, { info: { attempt: 2 } });
    expect(result.deployKeyName).toBe(`provisioner-${tenantId}`);
  });

  it('a push the deployment refuses (401) is ResourceNotReady, retried (a fresh key was replaced meanwhile), without the key', async () => {
    const tenantId = uniqueTenantId();
    const project = await provisionedProject(tenantId);
    const { activities, keys } = activitiesCapturingKeys();
    await env.control.faults.add({ provider: 'convex_deployment', operation: 'startPush', kind: 'unauthorized_401' });
    const failure = await rejectionOf(
      env.run(activities.deployConvexBackend, {
        tenantId,
        jobId: `provision-${tenantId}`,
        deploymentName: project.deploymentName,
        deploymentUrl: project.deploymentUrl,
        plan: 'pro' as const,
        workosOrganizationId: 'org_1',
      }),
    );
    expect(failure.type).toBe(FailureType.ResourceNotReady);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('convex deploy exited with 1 (the deploy key was refused)');
    const secret = (keys[0] ?? '').split('|')[1] ?? '';
    expect(secret.length).toBeGreaterThan(8);
    expect(JSON.stringify(failure)).not.toContain(secret);
    expect(env.logLines.join('\n')).not.toContain(secret);
  });
});

describe('deleteConvexProject', () => {
  it('deletes by ID, then reports nothing there (idempotent)', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    const project = await env.run(env.activities.createConvexProject, { tenantId, jobId });
    const resources = { convexProjectId: project.projectId };
    expect(await env.run(env.activities.deleteConvexProject, { tenantId, jobId, resources })).toEqual({
      deleted: true,
      existed: true,
    });
    expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(0);
    expect(await env.run(env.activities.deleteConvexProject, { tenantId, jobId, resources })).toEqual({
      deleted: false,
      existed: false,
    });
  });

  it('finds the project by name when its create response was lost', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    await env.control.faults.add({ provider: 'convex', operation: 'createProject', kind: 'commit_then_500', count: 1 });
    await rejectionOf(env.run(env.activities.createConvexProject, { tenantId, jobId }));
    expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(1);
    const result = await env.run(env.activities.deleteConvexProject, { tenantId, jobId, resources: {} });
    expect(result).toEqual({ deleted: true, existed: true });
    expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(0);
  });

  it("never deletes another tenant's project given its ID", async () => {
    const mine = uniqueTenantId();
    const other = uniqueTenantId();
    const otherProject = await env.run(env.activities.createConvexProject, {
      tenantId: other,
      jobId: `provision-${other}`,
    });
    const result = await env.run(env.activities.deleteConvexProject, {
      tenantId: mine,
      jobId: `provision-${mine}`,
      resources: { convexProjectId: otherProject.projectId },
    });
    expect(result).toEqual({ deleted: false, existed: false });
    expect(await projectsNamed(`tenant-${other}`)).toHaveLength(1);
  });

  it('a 500 on delete is ProviderUnavailable and leaves the project for the retry', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    const project = await env.run(env.activities.createConvexProject, { tenantId, jobId });
    await env.control.faults.add({ provider: 'convex', operation: 'deleteProject', kind: 'error_500', count: 1 });
    const resources = { convexProjectId: project.projectId };
    const failure = await rejectionOf(env.run(env.activities.deleteConvexProject, { tenantId, jobId, resources }));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    expect(await env.run(env.activities.deleteConvexProject, { tenantId, jobId, resources })).toEqual({
      deleted: true,
      existed: true,
    });
  });
});
