/**
 * The Pages direct-upload protocol in the sandbox, proven with Cloudflare's own tools: `wrangler pages deploy`
 * (wrangler 4, unchanged but for CLOUDFLARE_API_BASE_URL) and the `cloudflare` SDK; and the protocol's rules: the
 * asset routes need the project's upload JWT, and a manifest may only name files uploaded to the project.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Cloudflare from 'cloudflare';
import { inventory, request, startTestSandbox, uploadPagesFiles, type TestSandbox } from './helpers';

const account_id = 'sandbox-account';
const WRANGLER = resolve(__dirname, '../../node_modules/wrangler/bin/wrangler.js');

/** Runs wrangler against the sandbox with telemetry, error reports, the banner and its update check off. */
async function wrangler(sb: TestSandbox, cwd: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [WRANGLER, ...args], {
    cwd,
    timeout: 90_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      XDG_CONFIG_HOME: join(cwd, '.config'),
      CLOUDFLARE_API_BASE_URL: `${sb.url}/client/v4`,
      CLOUDFLARE_API_TOKEN: 'sandbox-token',
      CLOUDFLARE_ACCOUNT_ID: account_id,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_SEND_ERROR_REPORTS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CI: 'true',
    },
  });
  return `${stdout}\n${stderr}`;
}

describe('Pages direct upload', () => {
  let sb: TestSandbox;
  let cf: Cloudflare;
  let workDir: string;
  beforeAll(async () => {
    sb = await startTestSandbox();
    cf = new Cloudflare({ apiToken: 'token', baseURL: `${sb.url}/client/v4`, maxRetries: 0 });
    workDir = mkdtempSync(join(tmpdir(), 'pages-upload-'));
  });
  afterAll(async () => {
    await sb.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('wrangler pages deploy uploads a folder that the site then serves, and skips files already uploaded', async () => {
    await cf.pages.projects.create({ account_id, name: 'tenant-wrangler', production_branch: 'main' });
    const site = join(workDir, 'site');
    mkdirSync(join(site, 'css'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><h1>Deployed by wrangler</h1>');
    writeFileSync(join(site, 'css', 'main.css'), 'h1 { color: teal; }');

    const first = await wrangler(sb, workDir, ['pages', 'deploy', 'site', '--project-name', 'tenant-wrangler']);
    expect(first).toContain('Uploaded 2 files');
    expect(first).toContain('Deployment complete');
    const index = await request(`${sb.url}/_sites/tenant-wrangler.pages.dev/`);
    expect([index.status, index.headers.get('content-type'), index.text]).toEqual([
      200,
      'text/html',
      '<!doctype html><h1>Deployed by wrangler</h1>',
    ]);
    const css = await request(`${sb.url}/_sites/tenant-wrangler.pages.dev/css/main.css`);
    expect([css.status, css.headers.get('content-type'), css.text]).toEqual([200, 'text/css', 'h1 { color: teal; }']);

    writeFileSync(join(site, 'index.html'), '<!doctype html><h1>Second deploy</h1>');
    const second = await wrangler(sb, workDir, ['pages', 'deploy', 'site', '--project-name', 'tenant-wrangler']);
    expect(second).toContain('Uploaded 1 files (1 already uploaded)');
    expect((await request(`${sb.url}/_sites/tenant-wrangler.pages.dev/`)).text).toContain('Second deploy');
    const deployments = (await inventory(sb.url)).cloudflare.deployments.filter(
      (d) => d.project_name === 'tenant-wrangler',
    );
    expect(deployments).toHaveLength(2);
  });

  it('the asset routes need the upload JWT of the project: none, an API token or a forged one is 401 8000013', async () => {
    await cf.pages.projects.create({ account_id, name: 'tenant-jwt', production_branch: 'main' });
    const { jwt } = await cf.pages.projects.getUploadToken('tenant-jwt', { account_id });
    expect(jwt?.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(jwt?.split('.')[1] ?? '', 'base64').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ max_file_count_allowed: expect.any(Number), exp: expect.any(Number) });
    const checkMissing = (authorization?: string) =>
      request(`${sb.url}/client/v4/pages/assets/check-missing`, {
        headers: authorization ? { authorization } : {},
        json: { hashes: ['0123456789abcdef0123456789abcdef'] },
      });
    const forged = `${jwt?.split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`;
    for (const authorization of [undefined, 'Bearer token', `Bearer ${forged}`]) {
      const denied = await checkMissing(authorization);
      expect([denied.status, denied.body]).toEqual([
        401,
        { success: false, errors: [{ code: 8000013, message: expect.any(String) }], messages: [], result: null },
      ]);
    }
    const allowed = await checkMissing(`Bearer ${jwt}`);
    expect(allowed.body).toMatchObject({ success: true, result: ['0123456789abcdef0123456789abcdef'] });
  });

  it('refuses a deployment whose manifest names a file never uploaded to the project', async () => {
    await cf.pages.projects.create({ account_id, name: 'tenant-owner', production_branch: 'main' });
    await cf.pages.projects.create({ account_id, name: 'tenant-other', production_branch: 'main' });
    const manifest = await uploadPagesFiles(cf, account_id, 'tenant-owner', { 'index.html': 'mine' });
    // The same manifest is fine for the project the files went to, and refused for another one.
    await cf.pages.projects.deployments.create('tenant-owner', { account_id, manifest });
    const refused = await cf.pages.projects.deployments.create('tenant-other', { account_id, manifest }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toMatchObject({ status: 400, errors: [{ code: 8000099, message: expect.any(String) }] });
    const unknown = await cf.pages.projects.deployments
      .create('tenant-owner', {
        account_id,
        manifest: JSON.stringify({ '/x.html': 'ffffffffffffffffffffffffffffffff' }),
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(unknown).toMatchObject({ status: 400, errors: [{ code: 8000099 }] });
  });
});
