/**
 * The Convex push protocol in the sandbox, proven with Convex's own tools: the `convex` CLI (`convex deploy` with a
 * sandbox-issued deploy key, unchanged but for CONVEX_PROVISION_HOST) pushes tenant-backend/, and the official
 * `ConvexHttpClient` then calls the pushed functions, which the sandbox runs. Negative cases: a wrong or deleted
 * deploy key (401), an unknown function, a query called as a mutation.
 */
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
  inventory,
  request,
  startTestSandbox,
  type TestSandbox,
} from './helpers';

describe('convex deploy against the sandbox', () => {
  let sb: TestSandbox;
  let dep: CreatedConvexDeployment;
  beforeAll(async () => {
    sb = await startTestSandbox();
    dep = await createConvexDeployment(sb.url, 'tenant-push');
  });
  afterAll(() => sb.close());

  it('pushes tenant-backend with the deploy key; ConvexHttpClient then runs its functions', async () => {
    const client = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    await expect(client.query(ping, {})).rejects.toThrow(/Could not find public function for 'health:ping'/);

    const outcome = await convexDeploy(sb.url, dep.deployKey);
    expect(outcome.output).toContain('Deployed Convex functions');
    expect(outcome.ok).toBe(true);
    expect(outcome.output).not.toContain(dep.deployKey.split('|')[1]);

    const deployment = (await inventory(sb.url)).convex.deployments.find((d) => d.name === dep.deploymentName);
    expect(deployment?.modules.sort()).toEqual(['health', 'tenant']);
    expect(deployment?.lastDeployTime).toEqual(expect.any(Number));

    await expect(client.query(ping, {})).resolves.toEqual({ ok: true, configured: false, tenantId: null });
    const admin = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    (admin as unknown as { setAdminAuth(key: string): void }).setAdminAuth(dep.deployKey);
    await expect(
      admin.mutation(configure, { tenantId: 'push', plan: 'pro', workosOrganizationId: 'org_1' }),
    ).resolves.toEqual({ created: true });
    await expect(client.query(getTenant, {})).resolves.toEqual({
      tenantId: 'push',
      plan: 'pro',
      workosOrganizationId: 'org_1',
    });
    await expect(client.query(ping, {})).resolves.toEqual({ ok: true, configured: true, tenantId: 'push' });
    // The function's own error comes back as a function error.
    await expect(
      admin.mutation(configure, { tenantId: 'someone-else', plan: 'pro', workosOrganizationId: 'org_2' }),
    ).rejects.toThrow(/belongs to tenant push/);
  });

  it('a second deploy of the same code succeeds and keeps the data', async () => {
    const outcome = await convexDeploy(sb.url, dep.deployKey);
    expect(outcome.output).toContain('Deployed Convex functions');
    expect(outcome.ok).toBe(true);
    const client = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    await expect(client.query(ping, {})).resolves.toMatchObject({ configured: true, tenantId: 'push' });
  });

  it('refuses a wrong or deleted deploy key with 401, and the CLI fails without printing the key', async () => {
    const other = await createConvexDeployment(sb.url, 'tenant-push-denied');
    const forged = `${other.deployKey.split('|')[0]}|not-the-secret-0123456789`;
    const refused = await convexDeploy(sb.url, forged);
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/401|BadAdminKey|invalid/);
    expect(refused.output).not.toContain('not-the-secret-0123456789');

    const direct = await request(`${sb.url}/api/deployment/url_for_key`, {
      headers: { authorization: `Bearer ${forged}` },
      json: { deployKey: forged },
    });
    expect([direct.status, direct.body]).toEqual([401, { code: 'BadAdminKey', message: expect.any(String) }]);

    await request(`${sb.url}/v1/deployments/${other.deploymentName}/delete_deploy_key`, {
      headers: convexAuth,
      json: { id: 'provisioner' },
    });
    const deleted = await request(`${sb.url}/api/deploy2/start_push`, {
      headers: { authorization: `Convex ${other.deployKey}` },
      json: {},
    });
    expect([deleted.status, deleted.body]).toEqual([401, { code: 'BadAdminKey', message: expect.any(String) }]);
  });

  it('answers an unknown function or a wrong kind with the functions API error', async () => {
    const client = new ConvexHttpClient(dep.deploymentUrl, { logger: false });
    await expect(client.query(makeFunctionReference<'query'>('health:nope'), {})).rejects.toThrow(
      /Could not find public function for 'health:nope'/,
    );
    await expect(client.mutation(makeFunctionReference<'mutation'>('health:ping'), {})).rejects.toThrow(
      /defined as Query/,
    );
  });
});
