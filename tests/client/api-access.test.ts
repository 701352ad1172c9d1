/**
 * Who may call what, generated from the route table (so a new route cannot skip it): every route without a
 * credential, with a wrong one and with each role's; then rate limits (a flood from one client gets 429 while another
 * is served), blocking after repeated authentication failures, its audit and its lifting by an admin.
 */
import { apiRoutes } from '../../client/api/app';
import type { ApiRoute } from '../../client/api/route';
import { API_ROLES, roleAllows, type ApiRole } from '../../common/api-credentials';
import { silentLogger } from '../../common/logging';
import { FIXTURE_PRINCIPALS, startApiFixture, type ApiFixture, type CallOptions } from './api-fixture';

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture();
});

afterAll(async () => {
  await api?.close();
});

interface ErrorJson {
  error: { code: string; message: string };
}

/** A concrete path: every parameter gets a value no job, instance or block has. */
function concretePath(route: ApiRoute): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) =>
    name === 'jobId' ? 'provision-nobody-here' : 'nobody-here',
  );
}

const routes = (): ApiRoute[] => apiRoutes({ ...api.stack, logger: silentLogger, providers: {} as never });

type Caller = 'none' | 'wrong' | ApiRole;
const CALLERS: readonly Caller[] = ['none', 'wrong', ...API_ROLES];

function optionsOf(route: ApiRoute, caller: Caller, client: string): CallOptions {
  const body = route.method === 'POST' ? { body: {} } : {};
  if (caller === 'wrong') return { admin: 'to_not-a-credential-anyone-has', client, ...body };
  return { as: caller, client, ...body };
}

describe('every route, from the route table', () => {
  it('has a role, and the public ones are exactly health, the OpenAPI document, the status and dashboard pages', () => {
    const table = routes();
    expect(table.length).toBeGreaterThan(10);
    const publicRoutes = table.filter((r) => r.role === 'public').map((r) => `${r.method} ${r.path}`);
    // The dashboard page and its assets hold no data: the page reads the guarded routes with the user's token.
    for (const route of publicRoutes) {
      expect(route).toMatch(/^GET \/(healthz|openapi\.json|status\/|dashboard$|dashboard\/assets\/:file$)/);
    }
  });

  it('answers each caller by its role: 401 without or with a wrong credential, 403 below the role', async () => {
    const seen: string[] = [];
    for (const [index, route] of routes().entries()) {
      for (const caller of CALLERS) {
        // One client address per route, so this table's 401s do not add up to a block.
        const response = await api.call(route.method, concretePath(route), optionsOf(route, caller, `10.1.${index}.1`));
        const code = (response.json as ErrorJson | null)?.error?.code;
        const label = `${route.method} ${route.path} as ${caller}: ${response.status} ${code}`;
        seen.push(label);
        if (route.role === 'public') {
          expect([label, response.status]).not.toEqual([label, 401]);
          expect(response.status).not.toBe(403);
        } else if (caller === 'none' || caller === 'wrong') {
          expect([label, response.status, code]).toEqual([label, 401, 'unauthorized']);
        } else if (!roleAllows(caller, route.role)) {
          expect([label, response.status, code]).toEqual([label, 403, 'forbidden']);
        } else {
          expect([label, [401, 403].includes(response.status)]).toEqual([label, false]);
        }
        expect([label, response.status < 500]).toEqual([label, true]);
      }
    }
    expect(seen).toHaveLength(routes().length * CALLERS.length);
  });

  it('audits each rejected credential as auth.failure, without the token', async () => {
    const entries = await api.stack.store.listAudit({ action: 'auth.failure' });
    const guarded = routes().filter((r) => r.role !== 'public').length;
    expect(entries.length).toBeGreaterThanOrEqual(guarded * 2);
    expect(entries[0]).toMatchObject({ actor: 'anonymous', source: 'api', outcome: 'rejected:401' });
    expect(JSON.stringify(entries)).not.toContain('not-a-credential');
  });
});

describe('the actor is who authenticated', () => {
  it('records the principal as the requester of a start, and requestedBy only as on whose behalf', async () => {
    const tenantId = `access-actor-${Date.now().toString(36)}`;
    const response = await api.call('POST', '/provisioning', {
      client: '10.2.0.1',
      body: { tenantId, name: 'Actor', plan: 'free', owner: { email: 'o@example.com', name: 'O' }, requestedBy: 'ceo' },
    });
    expect(response.status).toBe(202);
    const jobId = (response.json as { jobId: string }).jobId;
    const [entry] = await api.stack.store.listAudit({ target: jobId, action: 'job.start' });
    expect(entry).toMatchObject({ actor: FIXTURE_PRINCIPALS.brain, outcome: 'ok', detail: { onBehalfOf: 'ceo' } });
    const handle = api.stack.client.workflow.getHandle(jobId);
    const history = await handle.fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const input = JSON.parse(Buffer.from(payload?.data ?? new Uint8Array()).toString('utf8')) as {
      requestedBy: string;
    };
    expect(input.requestedBy).toBe(FIXTURE_PRINCIPALS.brain);
    await handle.cancel();
  });
});

describe('rate limits', () => {
  it('answers a flood from one client with 429 and Retry-After while another client is served', async () => {
    const call = api.callerWith({
      rateLimit: { perMinute: 5, actionsPerMinute: 2, store: 'memory' },
      blocking: { after: 1000, windowMs: 60_000, durationMs: 60_000 },
    });
    const flood = [];
    for (let i = 0; i < 8; i++) flood.push(await call('GET', '/provisioning', { as: 'viewer', client: '10.3.0.1' }));
    expect(flood.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const limited = flood.slice(5);
    expect(limited.map((r) => r.status)).toEqual([429, 429, 429]);
    expect((limited[0]?.json as ErrorJson).error.code).toBe('rate_limited');
    expect(Number(limited[0]?.headers.get('Retry-After'))).toBeGreaterThan(0);

    // Another client, with another principal, is still served.
    const other = await call('GET', '/provisioning', { as: 'admin', client: '10.3.0.2' });
    expect(other.status).toBe(200);
  });

  it('is stricter on actions (start, retry, cancel) than on reads', async () => {
    const call = api.callerWith({
      rateLimit: { perMinute: 100, actionsPerMinute: 2, store: 'memory' },
      blocking: { after: 1000, windowMs: 60_000, durationMs: 60_000 },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await call('POST', '/provisioning/provision-nobody-here/cancel', { admin: true, client: '10.4.0.1' })).status,
      );
    }
    expect(statuses).toEqual([404, 404, 429]);
    expect((await call('GET', '/provisioning', { as: 'admin', client: '10.4.0.1' })).status).toBe(200);
  });
});

describe('blocking abusive clients', () => {
  it('blocks a client after repeated authentication failures, audits it, lists it, and an admin lifts it', async () => {
    const call = api.callerWith({ blocking: { after: 3, windowMs: 60_000, durationMs: 3_600_000 } });
    const attacker = '10.5.0.66';
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call('GET', '/provisioning', { admin: `to_guess-${i}`, client: attacker })).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    // Now blocked everywhere, even with a valid credential; another client is not.
    const blocked = await call('GET', '/provisioning', { as: 'viewer', client: attacker });
    expect(blocked.status).toBe(403);
    expect((blocked.json as ErrorJson).error.code).toBe('client_blocked');
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(3000);
    expect((await call('GET', '/provisioning', { as: 'viewer', client: '10.5.0.1' })).status).toBe(200);

    const listed = await call('GET', '/blocks', { admin: true, client: '10.5.0.1' });
    expect((listed.json as { blocks: { client: string; blockedBy: string }[] }).blocks).toEqual([
      expect.objectContaining({ client: attacker, blockedBy: 'system' }),
    ]);
    expect(await api.stack.store.listAudit({ action: 'client.block', target: attacker })).toHaveLength(1);

    expect((await call('POST', `/blocks/${attacker}/lift`, { as: 'brain', client: '10.5.0.1' })).status).toBe(403);
    const lifted = await call('POST', `/blocks/${attacker}/lift`, { admin: true, client: '10.5.0.1' });
    expect(lifted.status).toBe(200);
    expect((await call('GET', '/provisioning', { as: 'viewer', client: attacker })).status).toBe(200);
    const [unblock] = await api.stack.store.listAudit({ action: 'client.unblock', target: attacker });
    expect(unblock).toMatchObject({ actor: FIXTURE_PRINCIPALS.admin, outcome: 'ok' });
    expect((await call('POST', `/blocks/${attacker}/lift`, { admin: true, client: '10.5.0.1' })).status).toBe(404);
  });
});

describe('the audit trail of this file', () => {
  it('verifies', async () => {
    const verdict = await api.call('GET', '/audit/verify', { admin: true, client: '10.6.0.1' });
    expect(verdict.json).toMatchObject({ ok: true });
    expect((verdict.json as { entries: number }).entries).toBeGreaterThan(20);
  });
});
