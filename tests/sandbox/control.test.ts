import { request, startTestSandbox, type TestSandbox } from './helpers';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.close());

describe('control API', () => {
  it('reads and changes the latency profile, validating the body', async () => {
    expect((await request(`${sb.url}/_sandbox/latency`)).body).toEqual({ profile: 'zero', factor: 1 });
    const set = await request(`${sb.url}/_sandbox/latency`, { json: { profile: 'realistic', factor: 0.01 } });
    expect(set.body).toEqual({ profile: 'realistic', factor: 0.01 });
    expect((await request(`${sb.url}/_sandbox/latency`)).body).toEqual({ profile: 'realistic', factor: 0.01 });
    const keepFactor = await request(`${sb.url}/_sandbox/latency`, { json: { profile: 'zero' } });
    expect(keepFactor.body).toEqual({ profile: 'zero', factor: 0.01 });
    for (const bad of [{ profile: 'fast' }, { profile: 'zero', factor: 0 }, { profile: 'zero', extra: true }]) {
      const res = await request(`${sb.url}/_sandbox/latency`, { json: bad });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    }
  });

  it('serves an empty inventory with every provider section', async () => {
    await request(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    expect((await request(`${sb.url}/_sandbox/inventory`)).body).toEqual({
      convex: { projects: [], deployments: [], deployKeys: [] },
      workos: { organizations: [], users: [], memberships: [], invitations: [] },
      cloudflare: { projects: [], deployments: [] },
      sendgrid: { emails: [] },
    });
  });

  it('reset wipes resources, faults and site states', async () => {
    await request(`${sb.url}/client/v4/accounts/a/pages/projects`, {
      headers: { authorization: 'Bearer t' },
      json: { name: 'tenant-reset', production_branch: 'main' },
    });
    await request(`${sb.url}/_sandbox/sites/tenant-reset/state`, { json: { state: 'down' } });
    await request(`${sb.url}/_sandbox/faults`, { json: { provider: 'workos', kind: 'error_500' } });
    expect((await request(`${sb.url}/_sandbox/reset`, { method: 'POST' })).body).toEqual({ reset: true });
    expect((await request<{ faults: unknown[] }>(`${sb.url}/_sandbox/faults`)).body.faults).toEqual([]);
    const inv = await request<{ cloudflare: { projects: unknown[] } }>(`${sb.url}/_sandbox/inventory`);
    expect(inv.body.cloudflare.projects).toEqual([]);
    const recreated = await request(`${sb.url}/client/v4/accounts/a/pages/projects`, {
      headers: { authorization: 'Bearer t' },
      json: { name: 'tenant-reset', production_branch: 'main' },
    });
    expect(recreated.body).toMatchObject({ result: { name: 'tenant-reset' } });
    const inventory = await request<{ cloudflare: { projects: { siteState: string }[] } }>(
      `${sb.url}/_sandbox/inventory`,
    );
    expect(inventory.body.cloudflare.projects[0]?.siteState).toBe('up');
  });

  it('answers unknown routes with each provider’s 404 shape', async () => {
    const convex = await request(`${sb.url}/v1/nothing`, { headers: { authorization: 'Bearer sandbox-convex-token' } });
    expect(convex).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    const cf = await request(`${sb.url}/client/v4/nothing`);
    expect(cf).toMatchObject({ status: 404, body: { success: false, errors: [{ code: 7000 }] } });
    const control = await request(`${sb.url}/_sandbox/nothing`);
    expect(control).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});
