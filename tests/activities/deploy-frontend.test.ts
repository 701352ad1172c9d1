import { FailureType } from '../../workflows/contracts/provision-tenant';
import { rejectionOf, startActivityEnv, uniqueTenantId, type ActivityEnv } from '../helpers/activity-env';

let env: ActivityEnv;

beforeAll(async () => {
  env = await startActivityEnv();
});
afterAll(() => env.close());
afterEach(async () => {
  await env.control.faults.clear();
  await env.control.setLatency({ profile: 'zero' });
});

async function pagesProject(tenantId: string) {
  return env.run(env.activities.createPagesProject, {
    tenantId,
    jobId: `provision-${tenantId}`,
    convexDeploymentUrl: 'http://127.0.0.1:9/_convex/some-deployment',
  });
}

async function deploymentsOf(projectName: string) {
  return (await env.control.inventory()).cloudflare.deployments.filter((d) => d.project_name === projectName);
}

describe('deployFrontend', () => {
  it('creates a production deployment, heartbeats while it is in progress, and returns a live site URL', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    const heartbeats: unknown[] = [];
    const result = await env.run(
      env.activities.deployFrontend,
      { tenantId, jobId: `provision-${tenantId}`, projectName: project.projectName },
      { info: { attempt: 2 }, onHeartbeat: (d) => heartbeats.push(d) },
    );
    expect(result.attempt).toBe(2);
    expect(result.siteUrl).toBe(`${env.sandbox.url}/_sites/${project.subdomain}`);
    expect(heartbeats[0]).toMatchObject({ deploymentId: result.deploymentId, stage: 'queued/active' });
    const deployments = await deploymentsOf(project.projectName);
    expect(deployments.map((d) => d.id)).toEqual([result.deploymentId]);
    expect(deployments[0]).toMatchObject({
      environment: 'production',
      latest_stage: { name: 'deploy', status: 'success' },
    });
    const site = await fetch(result.siteUrl);
    expect(site.status).toBe(200);
    expect(site.headers.get('x-deployment-id')).toBe(result.deploymentId);
    expect(site.headers.get('content-type')).toBe('text/html');
    const html = await site.text();
    expect(html).toContain('<meta name="convex-url" content="http://127.0.0.1:9/_convex/some-deployment" />');
    expect(html).not.toContain('__CONVEX_URL__');
    const script = await fetch(`${result.siteUrl}/assets/app.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript']);
    expect(await script.text()).toContain("path: 'health:ping'");
  });

  it('uploads only the files the asset store is missing when it deploys again', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    const input = { tenantId, jobId: `provision-${tenantId}`, projectName: project.projectName };
    await env.run(env.activities.deployFrontend, input);
    await env.run(env.activities.createPagesProject, {
      tenantId,
      jobId: `provision-${tenantId}`,
      convexDeploymentUrl: 'http://127.0.0.1:9/_convex/moved-deployment',
    });
    const before = env.logLines.length;
    await env.run(env.activities.deployFrontend, input);
    const uploads = env.logLines
      .slice(before)
      .map((line) => JSON.parse(line) as { msg?: string; uploaded?: number; files?: number })
      .filter((line) => line.msg === 'uploaded pages assets');
    // Only index.html changed (it carries the Convex URL); the script and stylesheet are already stored.
    expect(uploads).toEqual([expect.objectContaining({ files: 3, uploaded: 1 })]);
    const html = await (await fetch(`${env.sandbox.url}/_sites/${project.subdomain}`)).text();
    expect(html).toContain('moved-deployment');
  });

  it('a second run adopts the live deployment instead of deploying again', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    const input = { tenantId, jobId: `provision-${tenantId}`, projectName: project.projectName };
    const first = await env.run(env.activities.deployFrontend, input);
    const second = await env.run(env.activities.deployFrontend, input, { info: { attempt: 2 } });
    expect(second.deploymentId).toBe(first.deploymentId);
    expect(await deploymentsOf(project.projectName)).toHaveLength(1);
  });

  it('deploys again when the live deployment was built with an older Convex URL', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    const input = { tenantId, jobId: `provision-${tenantId}`, projectName: project.projectName };
    const first = await env.run(env.activities.deployFrontend, input);
    await env.run(env.activities.createPagesProject, {
      tenantId,
      jobId: `provision-${tenantId}`,
      convexDeploymentUrl: 'http://127.0.0.1:9/_convex/new-deployment',
    });
    const second = await env.run(env.activities.deployFrontend, input);
    expect(second.deploymentId).not.toBe(first.deploymentId);
    expect(await deploymentsOf(project.projectName)).toHaveLength(2);
  });

  it('adopts a deployment still in progress (a retry after a lost create response) and waits for it', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    await env.control.setLatency({ profile: 'realistic', factor: 0.02 });
    const started = await env.deps.providers.cloudflare.pages.projects.deployments.create(project.projectName, {
      account_id: env.config.providers.cloudflare.accountId,
      manifest: '{}',
      branch: 'main',
    });
    const result = await env.run(env.activities.deployFrontend, {
      tenantId,
      jobId: `provision-${tenantId}`,
      projectName: project.projectName,
    });
    expect(result.deploymentId).toBe(started.id);
    const deployments = await deploymentsOf(project.projectName);
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.latest_stage).toMatchObject({ name: 'deploy', status: 'success' });
  });

  it('honours cancellation while waiting', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    await env.control.setLatency({ profile: 'realistic', factor: 0.2 });
    const failure = await rejectionOf(
      env.run(
        env.activities.deployFrontend,
        { tenantId, jobId: `provision-${tenantId}`, projectName: project.projectName },
        { cancelAfterHeartbeats: 1 },
      ),
    );
    expect(failure.name).toBe('CancelledFailure');
  });

  it('a deployment that ends in failure is DeploymentFailed (non-retryable), and nothing goes live', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    // The sandbox's Pages fails the deployments of this project at their build stage, as a broken build would.
    await env.control.setSiteState(project.projectName, 'build_failing');
    const failure = await rejectionOf(
      env.run(env.activities.deployFrontend, {
        tenantId,
        jobId: `provision-${tenantId}`,
        projectName: project.projectName,
      }),
    );
    expect(failure.type).toBe(FailureType.DeploymentFailed);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('build');
    const inventory = await env.control.inventory();
    const live = inventory.cloudflare.projects.find((p) => p.name === project.projectName);
    expect(live?.latest_deployment ?? null).toBeNull();
  });

  it.each([
    ['error_500', FailureType.ProviderUnavailable, false],
    ['rate_limit_429', FailureType.ProviderRateLimited, false],
    ['unauthorized_401', FailureType.ProviderAuthFailed, true],
    ['quota_exceeded', FailureType.ProviderQuotaExceeded, true],
  ] as const)('%s on createDeployment fails with %s (nonRetryable %s)', async (kind, type, nonRetryable) => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    await env.control.faults.add({ provider: 'cloudflare', operation: 'createDeployment', kind, count: 1 });
    const failure = await rejectionOf(
      env.run(env.activities.deployFrontend, {
        tenantId,
        jobId: `provision-${tenantId}`,
        projectName: project.projectName,
      }),
    );
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
  });

  it('after commit_then_500 on create, the retry adopts the deployment: exactly one', async () => {
    const tenantId = uniqueTenantId();
    const project = await pagesProject(tenantId);
    const input = { tenantId, jobId: `provision-${tenantId}`, projectName: project.projectName };
    await env.control.faults.add({
      provider: 'cloudflare',
      operation: 'createDeployment',
      kind: 'commit_then_500',
      count: 1,
    });
    const failure = await rejectionOf(env.run(env.activities.deployFrontend, input));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    const retry = await env.run(env.activities.deployFrontend, input, { info: { attempt: 2 } });
    const deployments = await deploymentsOf(project.projectName);
    expect(deployments.map((d) => d.id)).toEqual([retry.deploymentId]);
  });
});
