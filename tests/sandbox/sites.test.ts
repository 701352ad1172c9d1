import Cloudflare from 'cloudflare';
import {
  addFault,
  fakeClock,
  inventory,
  request,
  startTestSandbox,
  uploadPagesFiles,
  type TestSandbox,
} from './helpers';

const account_id = 'sandbox-account';

async function createSite(url: string, name: string, deploy: boolean): Promise<Cloudflare> {
  const cf = new Cloudflare({ apiToken: 'token', baseURL: `${url}/client/v4`, maxRetries: 0 });
  await cf.pages.projects.create({
    account_id,
    name,
    production_branch: 'main',
    deployment_configs: {
      production: {
        env_vars: {
          BRAIN_TENANT_ID: { type: 'plain_text', value: name },
          API_SECRET: { type: 'secret_text', value: 'hidden-value' },
        },
      },
    },
  });
  if (deploy) {
    const manifest = await uploadPagesFiles(cf, account_id, name, {
      'index.html': `<h1>${name}</h1>`,
      'about.html': '<h1>About</h1>',
      'assets/app.js': 'console.log(1);',
      'docs/index.html': '<h1>Docs</h1>',
    });
    await cf.pages.projects.deployments.create(name, { account_id, manifest });
  }
  return cf;
}

const setState = (url: string, name: string, state: unknown) =>
  request(`${url}/_sandbox/sites/${name}/state`, { json: { state } });

describe('tenant sites', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.close());
  beforeEach(() => request(`${sb.url}/_sandbox/reset`, { method: 'POST' }));

  it('serves the uploaded files of the live production deployment, with their content types', async () => {
    await createSite(sb.url, 'tenant-site', true);
    const res = await request(`${sb.url}/_sites/tenant-site.pages.dev`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.text).toBe('<h1>tenant-site</h1>');
    const deploymentId = (await inventory(sb.url)).cloudflare.deployments[0]?.id;
    expect(res.headers.get('x-deployment-id')).toBe(deploymentId);
    const script = await request(`${sb.url}/_sites/tenant-site.pages.dev/assets/app.js`);
    expect([script.status, script.headers.get('content-type'), script.text]).toEqual([
      200,
      'text/javascript',
      'console.log(1);',
    ]);
    // Pages routing: /about serves about.html, /docs/ serves docs/index.html, an unknown path the SPA's index.html.
    expect((await request(`${sb.url}/_sites/tenant-site.pages.dev/about`)).text).toBe('<h1>About</h1>');
    expect((await request(`${sb.url}/_sites/tenant-site.pages.dev/docs/`)).text).toBe('<h1>Docs</h1>');
    const fallback = await request(`${sb.url}/_sites/tenant-site.pages.dev/pricing/index.html`);
    expect([fallback.status, fallback.text]).toEqual([200, '<h1>tenant-site</h1>']);
  });

  it('answers 404 for an unknown subdomain and for a project without a live deployment', async () => {
    expect((await request(`${sb.url}/_sites/nobody.pages.dev/`)).status).toBe(404);
    await createSite(sb.url, 'tenant-empty', false);
    const empty = await request(`${sb.url}/_sites/tenant-empty.pages.dev/`);
    expect(empty.status).toBe(404);
    expect(empty.text).toContain('Nothing is here yet');
  });

  it('answers 503 while the site is down and recovers when it is up again', async () => {
    await createSite(sb.url, 'tenant-flaky', true);
    const down = await setState(sb.url, 'tenant-flaky', 'down');
    expect(down.body).toEqual({ name: 'tenant-flaky', state: 'down' });
    expect((await request(`${sb.url}/_sites/tenant-flaky.pages.dev/`)).status).toBe(503);
    expect((await inventory(sb.url)).cloudflare.projects[0]).toMatchObject({ siteState: 'down' });
    await setState(sb.url, 'tenant-flaky', 'up');
    expect((await request(`${sb.url}/_sites/tenant-flaky.pages.dev/`)).status).toBe(200);
  });

  it('validates site state changes: 404 for an unknown name, 400 for an unknown state', async () => {
    const unknown = await setState(sb.url, 'tenant-ghost', 'down');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    await createSite(sb.url, 'tenant-valid', false);
    const invalid = await setState(sb.url, 'tenant-valid', 'broken');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
  });

  it('injects site faults (provider "site", operation "get")', async () => {
    await createSite(sb.url, 'tenant-faulty', true);
    await addFault(sb.url, { provider: 'site', operation: 'get', kind: 'error_500', count: 1 });
    expect((await request(`${sb.url}/_sites/tenant-faulty.pages.dev/`)).status).toBe(500);
    expect((await request(`${sb.url}/_sites/tenant-faulty.pages.dev/`)).status).toBe(200);
  });
});

describe('tenant sites over time (fake clock)', () => {
  it('holds a slow site for several seconds × factor before serving it', async () => {
    const time = fakeClock();
    const sb = await startTestSandbox({ clock: time.clock, latencyFactor: 0.5 });
    try {
      await createSite(sb.url, 'tenant-slow', true);
      await setState(sb.url, 'tenant-slow', 'slow');
      time.sleeps.length = 0;
      expect((await request(`${sb.url}/_sites/tenant-slow.pages.dev/`)).status).toBe(200);
      expect(time.sleeps).toContain(2500);
    } finally {
      await sb.close();
    }
  });

  it('goes live only once the deployment stages finish (realistic profile)', async () => {
    const time = fakeClock();
    const sb = await startTestSandbox({ clock: time.clock, latency: 'realistic' });
    try {
      await createSite(sb.url, 'tenant-later', true);
      expect((await request(`${sb.url}/_sites/tenant-later.pages.dev/`)).status).toBe(404);
      time.advance(40_000);
      expect((await request(`${sb.url}/_sites/tenant-later.pages.dev/`)).status).toBe(200);
    } finally {
      await sb.close();
    }
  });
});
