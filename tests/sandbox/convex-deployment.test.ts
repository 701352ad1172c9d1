import { ConvexHttpClient } from 'convex/browser';
import { makeFunctionReference } from 'convex/server';
import {
  configure,
  getTenant,
  ping,
  convexAuth,
  convexDeploy,
  createConvexDeployment,
  type CreatedConvexDeployment,
  fakeClock,
  inventory,
  request,
  startTestSandbox,
  type TestSandbox,
} from './helpers';

describe('Convex deployment (zero latency)', () => {
  let sb: TestSandbox;
  let dep: CreatedConvexDeployment;
  beforeAll(async () => {
    sb = await startTestSandbox();
    dep = await createConvexDeployment(sb.url, 'tenant-fn');
    const pushed = await convexDeploy(sb.url, dep.deployKey);
    if (!pushed.ok) throw new Error(`convex deploy failed: ${pushed.output}`);
  });
  afterAll(() => sb.close());
  afterEach(() => request(`${sb.url}/_sandbox/faults`, { method: 'DELETE' }));

  it('serves the health routes without auth', async () => {
    const name = await request(`${dep.deploymentUrl}/instance_name`);
    expect(name.status).toBe(200);
    expect(name.text).toBe(dep.deploymentName);
    expect((await request(`${dep.deploymentUrl}/instance_version`)).status).toBe(200);
    expect((await request(`${dep.deploymentUrl}/`)).text).toContain('This Convex deployment is running');
  });

  it('answers 404 for a deployment that does not exist', async () => {
    const res = await request(`${sb.url}/_convex/no-such-deployment-1/instance_name`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'DeploymentNotFound' });
  });

  it('runs the pushed functions through the official ConvexHttpClient, with and without admin auth', async () => {
    const client = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    await expect(client.query(ping, {})).resolves.toEqual({ ok: true, configured: false, tenantId: null });
    await expect(client.query(getTenant, {})).resolves.toBeNull();

    const admin = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    (admin as unknown as { setAdminAuth(key: string): void }).setAdminAuth(dep.deployKey);
    await expect(
      admin.mutation(configure, { tenantId: 'fn', plan: 'pro', workosOrganizationId: 'org_1' }),
    ).resolves.toEqual({
      created: true,
    });
    await expect(client.query(getTenant, {})).resolves.toEqual({
      tenantId: 'fn',
      plan: 'pro',
      workosOrganizationId: 'org_1',
    });
  });

  it('reports unknown functions and wrong kinds as function errors (HTTP 200, status "error")', async () => {
    const client = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    await expect(client.query(makeFunctionReference<'query'>('messages:list'), {})).rejects.toThrow(
      "Could not find public function for 'messages:list'",
    );
    const raw = await request(`${dep.deploymentUrl}/api/query`, {
      json: { path: 'tenant:configure', args: {}, format: 'json' },
    });
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual({
      status: 'error',
      errorMessage: expect.stringContaining('defined as Mutation'),
      logLines: [],
    });
  });

  it('accepts the documented body form (args as an object, format json)', async () => {
    const res = await request(`${dep.deploymentUrl}/api/query`, {
      json: { path: 'health:ping', args: {}, format: 'json' },
    });
    expect(res.body).toEqual({ status: 'success', value: expect.objectContaining({ ok: true }), logLines: [] });
  });

  it('rejects a function call with a deploy key that is not live', async () => {
    const client = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(`prod:${dep.deploymentName}|forged`);
    await expect(client.query(ping, {})).rejects.toThrow('BadDeployKey');
  });

  it('sets, lists and deletes environment variables with the deploy key', async () => {
    const admin = { authorization: `Convex ${dep.deployKey}` };
    const update = await request(`${dep.deploymentUrl}/api/v1/update_environment_variables`, {
      headers: admin,
      json: {
        changes: [
          { name: 'WORKOS_ORG', value: 'org_1' },
          { name: 'PLAN', value: 'pro' },
        ],
      },
    });
    expect(update.status).toBe(200);
    await request(`${dep.deploymentUrl}/api/v1/update_environment_variables`, {
      headers: admin,
      json: { changes: [{ name: 'PLAN' }] },
    });
    const list = await request(`${dep.deploymentUrl}/api/v1/list_environment_variables`, { headers: admin });
    expect(list.body).toEqual({ environmentVariables: { WORKOS_ORG: 'org_1' } });
    const invalid = await request(`${dep.deploymentUrl}/api/v1/update_environment_variables`, {
      headers: admin,
      json: { changes: [{ name: '1-bad', value: 'x' }] },
    });
    expect(invalid.status).toBe(400);
  });

  it('answers 401 on the admin API without a live deploy key', async () => {
    const missing = await request(`${dep.deploymentUrl}/api/v1/list_environment_variables`);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'Unauthenticated' });
    const wrong = await request(`${dep.deploymentUrl}/api/v1/list_environment_variables`, {
      headers: { authorization: 'Convex prod:someone-else|key' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'BadDeployKey' });
  });

  it('records the push of convex deploy as lastDeployTime, and marks the deploy key used', async () => {
    const after = await request<{ lastDeployTime?: number }>(`${sb.url}/v1/deployments/${dep.deploymentName}`, {
      headers: convexAuth,
    });
    expect(after.body.lastDeployTime).toEqual(expect.any(Number));
    const keys = await request<{ lastUsedTime?: number }[]>(
      `${sb.url}/v1/deployments/${dep.deploymentName}/list_deploy_keys`,
      { headers: convexAuth },
    );
    expect(keys.body[0]?.lastUsedTime).toEqual(expect.any(Number));
  });

  it('answers 503 on every route while the deployment is down, and recovers when it is up', async () => {
    const state = (value: string) =>
      request(`${sb.url}/_sandbox/sites/${dep.deploymentName}/state`, { json: { state: value } });
    expect((await state('down')).status).toBe(200);
    const down = await request(`${dep.deploymentUrl}/instance_name`);
    expect(down.status).toBe(503);
    const client = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    await expect(client.query(ping, {})).rejects.toThrow('ServiceUnavailable');
    await state('up');
    expect((await request(`${dep.deploymentUrl}/instance_name`)).status).toBe(200);
  });
});

describe('Convex deployment (realistic profile, fake clock)', () => {
  it('answers 503 during the start-up window after creation, then 200', async () => {
    const time = fakeClock();
    const sb = await startTestSandbox({ latency: 'realistic', clock: time.clock });
    try {
      const dep = await createConvexDeployment(sb.url, 'tenant-slow-start');
      const creationDelay = time.sleeps[0] ?? 0;
      expect(creationDelay).toBeGreaterThanOrEqual(2000);
      expect(creationDelay).toBeLessThanOrEqual(4000);
      expect((await request(`${dep.deploymentUrl}/instance_name`)).status).toBe(503);
      time.advance(5000);
      expect((await request(`${dep.deploymentUrl}/instance_name`)).status).toBe(200);
      const inv = await inventory(sb.url);
      expect(inv.convex.deployments[0]?.ready).toBe(true);
    } finally {
      await sb.close();
    }
  });

  it('holds requests to a slow deployment for several seconds', async () => {
    const time = fakeClock();
    const sb = await startTestSandbox({ clock: time.clock });
    try {
      const dep = await createConvexDeployment(sb.url, 'tenant-slow');
      await request(`${sb.url}/_sandbox/sites/${dep.deploymentName}/state`, { json: { state: 'slow' } });
      time.sleeps.length = 0;
      const res = await request(`${dep.deploymentUrl}/instance_name`);
      expect(res.status).toBe(200);
      expect(time.sleeps).toContain(5000);
    } finally {
      await sb.close();
    }
  });
});
