/**
 * `GET /metrics` of the API in-process (no Temporal call is made by it, so none is connected): any role may read it,
 * nobody without a token unless METRICS_PUBLIC=true, and the OpenAPI document describes it as Prometheus text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiApp } from '../../client/api/app';
import type { BrainStore } from '../../store/port';
import { openSqliteStore } from '../../store/sqlite';
import { formatApiCredential, generateApiToken } from '../../common/api-credentials';
import { ConfigError, loadConfig } from '../../common/config';
import { silentLogger } from '../../common/logging';
import { parseExposition } from '../helpers/prometheus-text';

const viewerToken = generateApiToken();
const dir = mkdtempSync(join(tmpdir(), 'api-metrics-route-'));
let store: BrainStore;

function appWith(metricsPublic: string | undefined) {
  const config = loadConfig({
    DATA_DIR: dir,
    STORE_SQLITE_PATH: join(dir, 'brain.sqlite'),
    API_CREDENTIALS: formatApiCredential('metrics-viewer', 'viewer', viewerToken),
    METRICS_PUBLIC: metricsPublic,
  });
  return createApiApp({ client: {} as never, store, config, logger: silentLogger, providers: {} as never });
}

beforeAll(() => {
  store = openSqliteStore(join(dir, 'brain.sqlite'), { create: true });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /metrics of the API', () => {
  it('needs a token by default and serves the Prometheus text to a viewer', async () => {
    const app = appWith(undefined);
    const refused = await app.request('/metrics');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const served = await app.request('/metrics', { headers: { Authorization: `Bearer ${viewerToken}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const exposition = parseExposition(await served.text());
    expect(exposition.types.get('tenant_orchestrator_api_rate_limit_rejections_total')).toBe('counter');
  });

  it('needs no token with METRICS_PUBLIC=true, and a token again with METRICS_PUBLIC=false', async () => {
    expect((await appWith('true').request('/metrics')).status).toBe(200);
    expect((await appWith('false').request('/metrics')).status).toBe(401);
  });

  it('refuses a METRICS_PUBLIC that is not written out as a boolean', () => {
    expect(() => appWith('public')).toThrow(ConfigError);
    expect(() => appWith('public')).toThrow(/METRICS_PUBLIC/);
  });

  it('is described in the OpenAPI document as Prometheus text, with the role it needs', async () => {
    for (const [setting, role] of [
      ['false', 'viewer'],
      ['true', 'public'],
    ] as const) {
      const response = await appWith(setting).request('/openapi.json');
      const document = (await response.json()) as {
        paths: Record<string, { get?: { 'x-required-role'?: string; responses: Record<string, unknown> } }>;
      };
      const operation = document.paths['/metrics']?.get;
      expect(operation?.['x-required-role']).toBe(role);
      expect(operation?.responses['200']).toEqual({
        description: 'The series',
        content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
      });
      expect(Object.keys(operation?.responses ?? {}).includes('401')).toBe(role !== 'public');
    }
  });
});
