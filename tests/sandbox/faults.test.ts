import Cloudflare from 'cloudflare';
import { WorkOS } from '@workos-inc/node';
import { addFault, convexAuth, fakeClock, inventory, request, startTestSandbox, type TestSandbox } from './helpers';

const account_id = 'sandbox-account';

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

let sb: TestSandbox;
let workos: WorkOS;
let cf: Cloudflare;
const createConvexProject = (projectName: string) =>
  request<{ code?: string; id?: number }>(`${sb.url}/v1/teams/1/create_project`, {
    headers: convexAuth,
    json: { projectName },
  });
const sendMail = (subject: string) =>
  request(`${sb.url}/v3/mail/send`, {
    headers: { authorization: 'Bearer SG.key' },
    json: {
      personalizations: [{ to: [{ email: 'o@acme.test' }] }],
      from: { email: 'provisioning@brain.local' },
      subject,
      content: [{ type: 'text/plain', value: 'hi' }],
    },
  });

beforeAll(async () => {
  sb = await startTestSandbox();
  workos = new WorkOS('sk_test', { apiHostname: '127.0.0.1', port: sb.sandbox.port, https: false });
  cf = new Cloudflare({ apiToken: 'token', baseURL: `${sb.url}/client/v4`, maxRetries: 0 });
});
afterAll(() => sb.close());
beforeEach(() => request(`${sb.url}/_sandbox/reset`, { method: 'POST' }));

describe('fault kinds', () => {
  it('error_500: a provider-shaped 500, nothing changes, and the firing is logged as one JSON line', async () => {
    const fault = await addFault(sb.url, { provider: 'convex', operation: 'createProject', kind: 'error_500' });
    const res = await createConvexProject('tenant-500');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ code: 'InternalServerError', message: expect.any(String) });
    expect((await inventory(sb.url)).convex.projects).toEqual([]);
    expect(sb.logs).toContainEqual(
      expect.objectContaining({
        msg: 'sandbox fault fired',
        faultId: fault.id,
        provider: 'convex',
        operation: 'createProject',
        kind: 'error_500',
      }),
    );
  });

  it('rate_limit_429: Retry-After: 1 with each provider envelope', async () => {
    await addFault(sb.url, { provider: 'workos', kind: 'rate_limit_429' });
    const limited = await rejection(workos.organizations.createOrganization({ name: 'x' }));
    expect(limited.constructor).toHaveProperty('name', 'RateLimitExceededException');
    expect(limited).toMatchObject({ status: 429, retryAfter: 1 });

    await addFault(sb.url, { provider: 'cloudflare', operation: 'listProjects', kind: 'rate_limit_429' });
    const cfLimited = await rejection(cf.pages.projects.list({ account_id }));
    expect(cfLimited.constructor).toHaveProperty('name', 'RateLimitError');
    expect(cfLimited).toMatchObject({ status: 429, errors: [{ code: 971, message: expect.any(String) }] });
    expect((cfLimited.headers as Headers).get('retry-after')).toBe('1');

    await addFault(sb.url, { provider: 'convex', kind: 'rate_limit_429' });
    const convex = await createConvexProject('tenant-429');
    expect(convex.status).toBe(429);
    expect(convex.headers.get('retry-after')).toBe('1');
    expect(convex.body).toMatchObject({ code: 'RateLimited' });

    await addFault(sb.url, { provider: 'sendgrid', kind: 'rate_limit_429' });
    const mail = await sendMail('limited');
    expect(mail.status).toBe(429);
    expect(mail.headers.get('retry-after')).toBe('1');
    expect(mail.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('commit_then_500: the change happens although the caller sees a 500', async () => {
    await addFault(sb.url, { provider: 'cloudflare', operation: 'createProject', kind: 'commit_then_500', count: 1 });
    const lost = await rejection(
      cf.pages.projects.create({ account_id, name: 'tenant-lost', production_branch: 'main' }),
    );
    expect(lost.constructor).toHaveProperty('name', 'InternalServerError');
    expect((await inventory(sb.url)).cloudflare.projects.map((p) => p.name)).toEqual(['tenant-lost']);
    const blindRetry = await rejection(
      cf.pages.projects.create({ account_id, name: 'tenant-lost', production_branch: 'main' }),
    );
    expect(blindRetry).toMatchObject({ status: 409, errors: [{ code: 8000002, message: expect.any(String) }] });
  });

  it('commit_then_500 with an Idempotency-Key: the retry gets the committed organization, not a second one', async () => {
    await addFault(sb.url, { provider: 'workos', operation: 'createOrganization', kind: 'commit_then_500', count: 1 });
    const options = { idempotencyKey: 'provision-acme:workos' };
    const lost = await rejection(workos.organizations.createOrganization({ name: 'Acme' }, options));
    expect(lost).toMatchObject({ status: 500 });
    const retried = await workos.organizations.createOrganization({ name: 'Acme' }, options);
    const inv = await inventory(sb.url);
    expect(inv.workos.organizations.map((o) => o.id)).toEqual([retried.id]);
  });

  it('unauthorized_401: provider-shaped 401 and no change', async () => {
    await addFault(sb.url, { provider: 'sendgrid', operation: 'send', kind: 'unauthorized_401' });
    const mail = await sendMail('denied');
    expect(mail.status).toBe(401);
    expect(mail.body).toEqual({ errors: [{ message: expect.any(String), field: null, help: null }] });
    expect((await inventory(sb.url)).sendgrid.emails).toEqual([]);

    await addFault(sb.url, { provider: 'cloudflare', kind: 'unauthorized_401' });
    const cfDenied = await rejection(cf.pages.projects.get('anything', { account_id }));
    expect(cfDenied.constructor).toHaveProperty('name', 'AuthenticationError');
    expect(cfDenied).toMatchObject({ status: 401, errors: [{ code: 10000, message: 'Authentication error' }] });
  });

  it('quota_exceeded: each provider answers with its permanent quota error', async () => {
    await addFault(sb.url, { provider: 'convex', kind: 'quota_exceeded' });
    await addFault(sb.url, { provider: 'workos', kind: 'quota_exceeded' });
    await addFault(sb.url, { provider: 'cloudflare', kind: 'quota_exceeded' });
    await addFault(sb.url, { provider: 'sendgrid', kind: 'quota_exceeded' });

    const convex = await createConvexProject('tenant-quota');
    expect(convex.status).toBe(400);
    expect(convex.body).toMatchObject({ code: 'ProjectQuotaReached' });

    const org = await rejection(workos.organizations.createOrganization({ name: 'q' }));
    expect(org.constructor).toHaveProperty('name', 'UnprocessableEntityException');
    expect(org).toMatchObject({ status: 422, code: 'quota_exceeded' });

    const pages = await rejection(
      cf.pages.projects.create({ account_id, name: 'tenant-quota', production_branch: 'main' }),
    );
    expect(pages).toMatchObject({
      status: 400,
      errors: [{ code: 8000005, message: expect.stringContaining('maximum number of projects') }],
    });

    const mail = await sendMail('quota');
    expect(mail.status).toBe(403);
    expect(mail.body).toEqual({
      errors: [expect.objectContaining({ message: expect.stringContaining('credits exceeded') })],
    });

    const inv = await inventory(sb.url);
    expect([inv.convex.projects, inv.workos.organizations, inv.cloudflare.projects, inv.sendgrid.emails]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it('timeout: the request is held, then the connection is dropped without an answer or a change', async () => {
    const time = fakeClock();
    const held = await startTestSandbox({ clock: time.clock });
    try {
      await addFault(held.url, { provider: 'convex', operation: 'createProject', kind: 'timeout', count: 1 });
      const dropped = await rejection(
        request(`${held.url}/v1/teams/1/create_project`, { headers: convexAuth, json: { projectName: 'tenant-t' } }),
      );
      expect(dropped).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } });
      expect(time.sleeps).toContain(30_000);
      expect((await inventory(held.url)).convex.projects).toEqual([]);
    } finally {
      await held.close();
    }
  });

  it('timeout: close() does not wait for a held request', async () => {
    const held = await startTestSandbox();
    await addFault(held.url, { provider: 'site', kind: 'timeout' });
    const pending = rejection(request(`${held.url}/_sites/anything.pages.dev/`));
    for (;;) {
      const { body } = await request<{ faults: { fired: number }[] }>(`${held.url}/_sandbox/faults`);
      if (body.faults[0]?.fired === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await held.close();
    expect(await pending).toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { code: 'UND_ERR_SOCKET' },
    });
  });
});

describe('fault rules', () => {
  it('count is honoured: the rule fires exactly `count` times, then stays listed with remaining 0', async () => {
    const fault = await addFault(sb.url, {
      provider: 'workos',
      operation: 'listOrganizations',
      kind: 'error_500',
      count: 2,
    });
    expect(fault).toMatchObject({ fired: 0, remaining: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await request(`${sb.url}/organizations`, { headers: { authorization: 'Bearer sk_test' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([500, 500, 200]);
    const listed = await request<{ faults: unknown[] }>(`${sb.url}/_sandbox/faults`);
    expect(listed.body.faults).toEqual([expect.objectContaining({ id: fault.id, fired: 2, remaining: 0 })]);
  });

  it('a rule scoped to an operation leaves the provider’s other operations alone', async () => {
    await addFault(sb.url, { provider: 'workos', operation: 'getOrganization', kind: 'error_500' });
    const list = await request(`${sb.url}/organizations`, { headers: { authorization: 'Bearer sk_test' } });
    expect(list.status).toBe(200);
  });

  it('probability: 0 never fires; the same seed fires the same pattern', async () => {
    await addFault(sb.url, { provider: 'convex', operation: 'listProjects', kind: 'error_500', probability: 0 });
    for (let i = 0; i < 5; i += 1) {
      expect((await request(`${sb.url}/v1/teams/1/projects`, { headers: convexAuth })).status).toBe(200);
    }

    const pattern = async (seed: number): Promise<number[]> => {
      const seeded = await startTestSandbox({ seed });
      try {
        await addFault(seeded.url, {
          provider: 'convex',
          operation: 'listProjects',
          kind: 'error_500',
          probability: 0.5,
        });
        const statuses: number[] = [];
        for (let i = 0; i < 16; i += 1) {
          statuses.push((await request(`${seeded.url}/v1/teams/1/projects`, { headers: convexAuth })).status);
        }
        return statuses;
      } finally {
        await seeded.close();
      }
    };
    const first = await pattern(7);
    expect(await pattern(7)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('match: only requests whose path or body contain the text are faulted (one tenant among many)', async () => {
    await addFault(sb.url, {
      provider: 'convex',
      operation: 'createProject',
      kind: 'unauthorized_401',
      match: 'tenant-doomed',
    });
    expect((await createConvexProject('tenant-doomed')).status).toBe(401);
    expect((await createConvexProject('tenant-lucky')).status).toBe(200);
    const projects = (await inventory(sb.url)).convex.projects.map((p: { name: string }) => p.name);
    expect(projects).toEqual(['tenant-lucky']);
    // Path matching: a WorkOS lookup by external id carries the name in the path.
    await addFault(sb.url, {
      provider: 'workos',
      operation: 'getOrganizationByExternalId',
      kind: 'error_500',
      match: 'tenant-doomed',
    });
    const auth = { authorization: 'Bearer sk_test' };
    expect((await request(`${sb.url}/organizations/external_id/tenant-doomed`, { headers: auth })).status).toBe(500);
    expect((await request(`${sb.url}/organizations/external_id/tenant-lucky`, { headers: auth })).status).toBe(404);
  });

  it('validates fault bodies: 400 {error:{code,message}}', async () => {
    const cases = [
      { provider: 'nope', kind: 'error_500' },
      { provider: 'convex', operation: 'createOrganization', kind: 'error_500' },
      { provider: 'convex', kind: 'explode' },
      { provider: 'convex', kind: 'error_500', probability: 2 },
      { provider: 'convex', kind: 'error_500', count: 0 },
    ];
    for (const body of cases) {
      const res = await request(`${sb.url}/_sandbox/faults`, { json: body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    }
    const notJson = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('deletes one rule by id, or all of them', async () => {
    const a = await addFault(sb.url, { provider: 'site', kind: 'error_500' });
    await addFault(sb.url, { provider: 'sendgrid', kind: 'error_500' });
    expect((await request(`${sb.url}/_sandbox/faults/${a.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await request(`${sb.url}/_sandbox/faults/${a.id}`, { method: 'DELETE' })).status).toBe(404);
    const left = await request<{ faults: { provider: string }[] }>(`${sb.url}/_sandbox/faults`);
    expect(left.body.faults.map((f) => f.provider)).toEqual(['sendgrid']);
    await request(`${sb.url}/_sandbox/faults`, { method: 'DELETE' });
    expect((await request<{ faults: unknown[] }>(`${sb.url}/_sandbox/faults`)).body.faults).toEqual([]);
    expect((await sendMail('after clear')).status).toBe(202);
  });
});
