/**
 * The HTTP API as it runs in production: `client/api/main.ts` as its own process, listening on a real socket, against
 * the test run's Temporal server and a store file; it answers over TCP and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { temporalAddress } from '../helpers/temporal';
import { formatApiCredential, generateApiToken } from '../../common/api-credentials';
import { freeLoopbackPort as freePort } from '../../common/free-port';

const REPO = resolve(__dirname, '../..');
const token = generateApiToken();

describe('the API process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-process-'));
  let api: ChildProcess;
  let output = '';
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawn(join(REPO, 'node_modules/.bin/tsx'), ['client/api/main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        API_PORT: String(port),
        TEMPORAL_ADDRESS: temporalAddress(),
        STORE_SQLITE_PATH: join(dir, 'brain.sqlite'),
        STORE_CREATE: 'true',
        API_CREDENTIALS: formatApiCredential('process-test', 'brain', token),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('"msg":"api listening"')) {
      if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}): ${output}`);
      if (Date.now() > deadline) throw new Error(`the API did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (api && api.exitCode === null) api.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz and serves its OpenAPI document over TCP', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const openapi = await fetch(`${base}/openapi.json`);
    expect(openapi.status).toBe(200);
    const document = (await openapi.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1/);
    expect(Object.keys(document.paths)).toContain('/provisioning/{jobId}/resend-emails');
  });

  it('answers a malformed request with a JSON 4xx, never a 5xx', async () => {
    const response = await fetch(`${base}/provisioning`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"tenantId":',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  });

  it('stops on SIGTERM, exiting 0 after it says so', async () => {
    const exited = new Promise<number | null>((done) => api.once('exit', (code) => done(code)));
    api.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"api stopped"');
  });
});
