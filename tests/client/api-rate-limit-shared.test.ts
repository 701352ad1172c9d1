/**
 * Several API processes share their rate-limit counters with API_RATE_LIMIT_STORE=sqlite: two apps, each with its own
 * abuse guard (as two processes would have) over the same data directory, count one client's requests together.
 */
import type { Hono } from 'hono';
import { createAbuseGuard, type AbuseGuard } from '../../client/api/abuse-guard';
import { createApiApp } from '../../client/api/app';
import { createAuditRecorder } from '../../client/api/audit-recorder';
import type { ApiEnv } from '../../client/api/env';
import { silentLogger } from '../../common/logging';
import { createProviderClients } from '../../worker/providers';
import { startApiFixture, type ApiFixture } from './api-fixture';

let api: ApiFixture;
const guards: AbuseGuard[] = [];

beforeAll(async () => {
  api = await startApiFixture({ env: { API_RATE_LIMIT_STORE: 'sqlite', API_RATE_LIMIT: '4' } });
});

afterAll(async () => {
  for (const guard of guards) guard.close();
  await api?.close();
});

function apiProcess(): Hono<ApiEnv> {
  const { stack } = api;
  const now = (): Date => new Date();
  const guard = createAbuseGuard(stack.config, stack.store, createAuditRecorder(stack.store, now), now);
  guards.push(guard);
  const deps = {
    client: stack.client,
    store: stack.store,
    config: stack.config,
    logger: silentLogger,
    providers: createProviderClients(stack.config, silentLogger),
  };
  return createApiApp(deps, guard);
}

it('counts one client across both processes: the fifth request, on either, is a 429', async () => {
  const [first, second] = [apiProcess(), apiProcess()];
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const app = i % 2 === 0 ? first : second;
    const response = await app.request(
      '/provisioning',
      { headers: { Authorization: `Bearer ${api.tokens.viewer}` } },
      { incoming: { socket: { remoteAddress: '10.30.0.1' } } as never },
    );
    statuses.push(response.status);
  }
  expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
});
