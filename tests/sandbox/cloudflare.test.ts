import Cloudflare from 'cloudflare';
import { fakeClock, inventory, request, startTestSandbox, uploadPagesFiles, type TestSandbox } from './helpers';

const account_id = 'sandbox-account';

function cloudflare(sb: TestSandbox, apiToken = 'sandbox-cloudflare-token'): Cloudflare {
  return new Cloudflare({ apiToken, baseURL: `${sb.url}/client/v4`, maxRetries: 0 });
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

describe('Cloudflare Pages through the official SDK (zero latency)', () => {
  let sb: TestSandbox;
  let cf: Cloudflare;
  beforeAll(async () => {
    sb = await startTestSandbox();
    cf = cloudflare(sb);
  });
  afterAll(() => sb.close());
  beforeEach(() => request(`${sb.url}/_sandbox/reset`, { method: 'POST' }));

  it('creates a project whose subdomain is <name>.pages.dev and reads it back', async () => {
    const project = await cf.pages.projects.create({
      account_id,
      name: 'tenant-acme',
      production_branch: 'main',
      deployment_configs: {
        production: { env_vars: { VITE_CONVEX_URL: { type: 'plain_text', value: 'http://convex.test' } } },
      },
    });
    expect(project).toMatchObject({
      name: 'tenant-acme',
      subdomain: 'tenant-acme.pages.dev',
      production_branch: 'main',
      latest_deployment: null,
      canonical_deployment: null,
    });
    const read = await cf.pages.projects.get('tenant-acme', { account_id });
    expect(read.deployment_configs?.production?.env_vars).toEqual({
      VITE_CONVEX_URL: { type: 'plain_text', value: 'http://convex.test' },
    });
  });

  it('uses the Cloudflare envelope and error codes: 409/8000002, 404/8000007, 403/10000', async () => {
    await cf.pages.projects.create({ account_id, name: 'tenant-dup', production_branch: 'main' });
    const duplicate = await rejection(
      cf.pages.projects.create({ account_id, name: 'tenant-dup', production_branch: 'main' }),
    );
    expect(duplicate.constructor).toHaveProperty('name', 'ConflictError');
    expect(duplicate).toMatchObject({ status: 409, errors: [{ code: 8000002, message: expect.any(String) }] });

    const missing = await rejection(cf.pages.projects.get('tenant-missing', { account_id }));
    expect(missing.constructor).toHaveProperty('name', 'NotFoundError');
    expect(missing).toMatchObject({
      status: 404,
      errors: [{ code: 8000007, message: expect.stringContaining('Project not found') }],
    });

    const raw = await request(`${sb.url}/client/v4/accounts/${account_id}/pages/projects`);
    expect(raw.status).toBe(403);
    expect(raw.body).toEqual({
      success: false,
      errors: [{ code: 10000, message: 'Authentication error' }],
      messages: [],
      result: null,
    });

    const invalid = await rejection(
      cf.pages.projects.create({ account_id, name: 'Not_Valid', production_branch: 'main' }),
    );
    expect(invalid).toMatchObject({ status: 400 });
  });

  it('sends Ratelimit headers and ignores api-version', async () => {
    const res = await request(`${sb.url}/client/v4/accounts/${account_id}/pages/projects`, {
      headers: { authorization: 'Bearer t', 'api-version': '2025-01-01' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit')).toMatch(/^"default";r=\d+;t=\d+$/);
    expect(res.headers.get('ratelimit-policy')).toEqual(expect.any(String));
  });

  it('pages project lists, answers result: [] past the last page, and the SDK auto-paginates', async () => {
    const names = ['p-one', 'p-two', 'p-three', 'p-four', 'p-five'];
    for (const name of names) await cf.pages.projects.create({ account_id, name, production_branch: 'main' });
    const page3 = await request<{ result: { name: string }[]; result_info: Record<string, number> }>(
      `${sb.url}/client/v4/accounts/${account_id}/pages/projects?page=3&per_page=2`,
      { headers: { authorization: 'Bearer t' } },
    );
    expect(page3.body.result.map((p) => p.name)).toEqual(['p-one']);
    expect(page3.body.result_info).toEqual({ page: 3, per_page: 2, count: 1, total_count: 5, total_pages: 3 });
    const past = await request<{ result: unknown[]; success: boolean }>(
      `${sb.url}/client/v4/accounts/${account_id}/pages/projects?page=4&per_page=2`,
      { headers: { authorization: 'Bearer t' } },
    );
    expect(past.body).toMatchObject({ success: true, result: [] });

    const all: string[] = [];
    for await (const project of cf.pages.projects.list({ account_id, per_page: 2 })) {
      all.push(project.name ?? '');
    }
    expect(all.sort()).toEqual([...names].sort());
  });

  it('PATCH merges env vars key by key; null deletes a key', async () => {
    await cf.pages.projects.create({
      account_id,
      name: 'tenant-env',
      production_branch: 'main',
      deployment_configs: {
        production: {
          env_vars: {
            KEEP: { type: 'plain_text', value: 'k' },
            DROP: { type: 'plain_text', value: 'd' },
            SECRET: { type: 'secret_text', value: 's3cret' },
          },
        },
      },
    });
    const edited = await cf.pages.projects.edit('tenant-env', {
      account_id,
      deployment_configs: {
        production: { env_vars: { ADDED: { type: 'plain_text', value: 'a' }, DROP: null } },
      },
    });
    expect(edited.deployment_configs?.production?.env_vars).toEqual({
      KEEP: { type: 'plain_text', value: 'k' },
      ADDED: { type: 'plain_text', value: 'a' },
      SECRET: { type: 'secret_text', value: '' },
    });
  });

  it('creates a deployment from a multipart manifest: queued on creation, live on the next read', async () => {
    await cf.pages.projects.create({
      account_id,
      name: 'tenant-live',
      production_branch: 'main',
      deployment_configs: { production: { env_vars: { BRAIN_TENANT_ID: { type: 'plain_text', value: 'live' } } } },
    });
    const created = await cf.pages.projects.deployments.create('tenant-live', {
      account_id,
      manifest: await uploadPagesFiles(cf, account_id, 'tenant-live', { 'index.html': '<h1>live</h1>' }),
      branch: 'main',
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.short_id).toMatch(/^[0-9a-f]{8}$/);
    expect(created).toMatchObject({
      project_name: 'tenant-live',
      environment: 'production',
      url: `https://${created.short_id}.tenant-live.pages.dev`,
      latest_stage: { name: 'queued', status: 'active' },
      deployment_trigger: { type: 'ad_hoc', metadata: { branch: 'main' } },
      is_skipped: false,
    });
    expect(created.stages?.map((s) => s.name)).toEqual(['queued', 'initialize', 'clone_repo', 'build', 'deploy']);

    const read = await cf.pages.projects.deployments.get(created.id ?? '', { account_id, project_name: 'tenant-live' });
    expect(read.latest_stage).toMatchObject({ name: 'deploy', status: 'success' });
    const project = await cf.pages.projects.get('tenant-live', { account_id });
    expect(project.latest_deployment?.id).toBe(created.id);
    expect(project.canonical_deployment?.id).toBe(created.id);

    const preview = await cf.pages.projects.deployments.create('tenant-live', {
      account_id,
      manifest: '{}',
      branch: 'feature-x',
    });
    expect(preview.environment).toBe('preview');
    const production: string[] = [];
    for await (const d of cf.pages.projects.deployments.list('tenant-live', { account_id, env: 'production' })) {
      production.push(d.id ?? '');
    }
    expect(production).toEqual([created.id]);
  });

  it('refuses a deployment without a manifest and a body that is not multipart', async () => {
    await cf.pages.projects.create({ account_id, name: 'tenant-nomanifest', production_branch: 'main' });
    const noManifest = await rejection(
      cf.pages.projects.deployments.create('tenant-nomanifest', { account_id, branch: 'main' }),
    );
    expect(noManifest).toMatchObject({ status: 400, errors: [{ code: 8000096, message: expect.any(String) }] });
    const json = await request(
      `${sb.url}/client/v4/accounts/${account_id}/pages/projects/tenant-nomanifest/deployments`,
      {
        headers: { authorization: 'Bearer t' },
        json: { manifest: '{}' },
      },
    );
    expect(json.status).toBe(400);
  });

  it('protects the live production deployment unless forced, and deleting a project removes its deployments', async () => {
    await cf.pages.projects.create({ account_id, name: 'tenant-del', production_branch: 'main' });
    const d = await cf.pages.projects.deployments.create('tenant-del', { account_id, manifest: '{}' });
    const id = d.id ?? '';
    const refused = await rejection(
      cf.pages.projects.deployments.delete(id, { account_id, project_name: 'tenant-del' }),
    );
    expect(refused).toMatchObject({ status: 400 });
    await cf.pages.projects.deployments.delete(id, { account_id, project_name: 'tenant-del', force: true });
    await cf.pages.projects.deployments.create('tenant-del', { account_id, manifest: '{}' });

    const deleted = await request(`${sb.url}/client/v4/accounts/${account_id}/pages/projects/tenant-del`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer t' },
    });
    expect(deleted.body).toEqual({ success: true, errors: [], messages: [], result: null });
    const inv = await inventory(sb.url);
    expect(inv.cloudflare).toEqual({ projects: [], deployments: [] });
  });
});

describe('Cloudflare Pages deployment stages (realistic profile, fake clock)', () => {
  it('progresses queued → initialize → build → deploy over 20-40 s × factor', async () => {
    const time = fakeClock();
    const sb = await startTestSandbox({ latency: 'realistic', latencyFactor: 0.5, clock: time.clock });
    try {
      const cf = cloudflare(sb);
      await cf.pages.projects.create({ account_id, name: 'tenant-stages', production_branch: 'main' });
      const created = await cf.pages.projects.deployments.create('tenant-stages', { account_id, manifest: '{}' });
      const get = () =>
        cf.pages.projects.deployments.get(created.id ?? '', { account_id, project_name: 'tenant-stages' });
      const seen: string[] = [];
      for (let elapsed = 0; elapsed <= 25_000; elapsed += 500) {
        const d = await get();
        const stage = `${d.latest_stage?.name}/${d.latest_stage?.status}`;
        if (seen[seen.length - 1] !== stage) seen.push(stage);
        if (stage === 'deploy/success') break;
        time.advance(500);
      }
      expect(seen[0]).toBe('queued/active');
      expect(seen).toEqual(expect.arrayContaining(['initialize/active', 'build/active', 'deploy/active']));
      expect(seen[seen.length - 1]).toBe('deploy/success');
      const project = await cf.pages.projects.get('tenant-stages', { account_id });
      expect(project.canonical_deployment?.id).toBe(created.id);
    } finally {
      await sb.close();
    }
  });
});
