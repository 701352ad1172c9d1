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

const CONVEX_URL = 'http://127.0.0.1:9/_convex/happy-animal-123';

async function projectsNamed(name: string) {
  return (await env.control.inventory()).cloudflare.projects.filter((p) => p.name === name);
}

function envVarsOf(project: Record<string, unknown> | undefined): Record<string, { value?: string }> {
  const configs = project?.deployment_configs as { production?: { env_vars?: Record<string, { value?: string }> } };
  return configs?.production?.env_vars ?? {};
}

/** Creates a Pages project directly through the SDK (someone else's, or ours made outside the activity). */
async function createProjectDirectly(name: string, ownerTenantId: string, convexUrl = CONVEX_URL) {
  return env.deps.providers.cloudflare.pages.projects.create({
    account_id: env.config.providers.cloudflare.accountId,
    name,
    production_branch: 'main',
    deployment_configs: {
      production: {
        env_vars: {
          BRAIN_TENANT_ID: { type: 'plain_text', value: ownerTenantId },
          CONVEX_URL: { type: 'plain_text', value: convexUrl },
        },
      },
    },
  });
}

describe('createPagesProject', () => {
  it('creates the project with branch main, the ownership and Convex env vars, and the API subdomain', async () => {
    const tenantId = uniqueTenantId();
    const result = await env.run(
      env.activities.createPagesProject,
      { tenantId, jobId: `provision-${tenantId}`, convexDeploymentUrl: CONVEX_URL },
      { info: { attempt: 2 } },
    );
    expect(result).toEqual({
      projectName: `tenant-${tenantId}`,
      subdomain: `tenant-${tenantId}.pages.dev`,
      adopted: false,
      attempt: 2,
    });
    const [project] = await projectsNamed(`tenant-${tenantId}`);
    expect(project?.production_branch).toBe('main');
    expect(envVarsOf(project).BRAIN_TENANT_ID?.value).toBe(tenantId);
    expect(envVarsOf(project).CONVEX_URL?.value).toBe(CONVEX_URL);
  });

  it('after commit_then_500 the retry adopts: exactly one project', async () => {
    const tenantId = uniqueTenantId();
    const input = { tenantId, jobId: `provision-${tenantId}`, convexDeploymentUrl: CONVEX_URL };
    await env.control.faults.add({
      provider: 'cloudflare',
      operation: 'createProject',
      kind: 'commit_then_500',
      count: 1,
    });
    const failure = await rejectionOf(env.run(env.activities.createPagesProject, input));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    const retry = await env.run(env.activities.createPagesProject, input, { info: { attempt: 2 } });
    expect(retry.adopted).toBe(true);
    expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(1);
  });

  it('refuses to adopt a project owned by another tenant (ResourceConflict, non-retryable)', async () => {
    const tenantId = uniqueTenantId();
    await createProjectDirectly(`tenant-${tenantId}`, 'someone-else');
    const failure = await rejectionOf(
      env.run(env.activities.createPagesProject, {
        tenantId,
        jobId: `provision-${tenantId}`,
        convexDeploymentUrl: CONVEX_URL,
      }),
    );
    expect(failure.type).toBe(FailureType.ResourceConflict);
    expect(failure.nonRetryable).toBe(true);
    const [project] = await projectsNamed(`tenant-${tenantId}`);
    expect(envVarsOf(project).BRAIN_TENANT_ID?.value).toBe('someone-else');
  });

  it('adopts its own project and points it at the current Convex URL', async () => {
    const tenantId = uniqueTenantId();
    await createProjectDirectly(`tenant-${tenantId}`, tenantId, 'http://127.0.0.1:9/_convex/old-deployment');
    const result = await env.run(env.activities.createPagesProject, {
      tenantId,
      jobId: `provision-${tenantId}`,
      convexDeploymentUrl: CONVEX_URL,
    });
    expect(result.adopted).toBe(true);
    const [project] = await projectsNamed(`tenant-${tenantId}`);
    expect(envVarsOf(project).CONVEX_URL?.value).toBe(CONVEX_URL);
    expect(envVarsOf(project).BRAIN_TENANT_ID?.value).toBe(tenantId);
  });

  it.each(FAULT_KIND_FAILURES)(
    '%s on createProject fails with %s (nonRetryable %s)',
    async (kind, type, nonRetryable) => {
      const tenantId = uniqueTenantId();
      await env.control.faults.add({ provider: 'cloudflare', operation: 'createProject', kind, count: 1 });
      const failure = await rejectionOf(
        env.run(env.activities.createPagesProject, {
          tenantId,
          jobId: `provision-${tenantId}`,
          convexDeploymentUrl: CONVEX_URL,
        }),
      );
      expect(failure.type).toBe(type);
      expect(failure.nonRetryable).toBe(nonRetryable);
      if (kind === 'rate_limit_429') expect((failure as { nextRetryDelay?: unknown }).nextRetryDelay).toBe(1000);
    },
  );
});

describe('deletePagesProject', () => {
  it('deletes the project with its deployments, then reports nothing there', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    const created = await env.run(env.activities.createPagesProject, {
      tenantId,
      jobId,
      convexDeploymentUrl: CONVEX_URL,
    });
    await env.run(env.activities.deployFrontend, { tenantId, jobId, projectName: created.projectName });
    const resources = { pagesProjectName: created.projectName };
    expect(await env.run(env.activities.deletePagesProject, { tenantId, jobId, resources })).toEqual({
      deleted: true,
      existed: true,
    });
    const inventory = await env.control.inventory();
    expect(inventory.cloudflare.projects.filter((p) => p.name === created.projectName)).toHaveLength(0);
    expect(inventory.cloudflare.deployments.filter((d) => d.project_name === created.projectName)).toHaveLength(0);
    expect(await env.run(env.activities.deletePagesProject, { tenantId, jobId, resources })).toEqual({
      deleted: false,
      existed: false,
    });
  });

  it('deletes by the deterministic name when the create response was lost', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    await env.control.faults.add({
      provider: 'cloudflare',
      operation: 'createProject',
      kind: 'commit_then_500',
      count: 1,
    });
    await rejectionOf(env.run(env.activities.createPagesProject, { tenantId, jobId, convexDeploymentUrl: CONVEX_URL }));
    expect(await env.run(env.activities.deletePagesProject, { tenantId, jobId, resources: {} })).toEqual({
      deleted: true,
      existed: true,
    });
    expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(0);
  });

  it('leaves a project of that name owned by someone else', async () => {
    const tenantId = uniqueTenantId();
    await createProjectDirectly(`tenant-${tenantId}`, 'someone-else');
    const result = await env.run(env.activities.deletePagesProject, {
      tenantId,
      jobId: `provision-${tenantId}`,
      resources: {},
    });
    expect(result).toEqual({ deleted: false, existed: true });
    expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(1);
  });

  it('a 429 on delete is ProviderRateLimited with the Retry-After delay', async () => {
    const tenantId = uniqueTenantId();
    const jobId = `provision-${tenantId}`;
    await env.run(env.activities.createPagesProject, { tenantId, jobId, convexDeploymentUrl: CONVEX_URL });
    await env.control.faults.add({
      provider: 'cloudflare',
      operation: 'deleteProject',
      kind: 'rate_limit_429',
      count: 1,
    });
    const failure = await rejectionOf(env.run(env.activities.deletePagesProject, { tenantId, jobId, resources: {} }));
    expect(failure.type).toBe(FailureType.ProviderRateLimited);
    expect((failure as { nextRetryDelay?: unknown }).nextRetryDelay).toBe(1000);
    expect(await projectsNamed(`tenant-${tenantId}`)).toHaveLength(1);
  });
});
