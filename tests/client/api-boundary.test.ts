/**
 * The HTTP API's boundary, in-process: validation errors name the field, malformed JSON, unknown jobs and routes,
 * admin authentication, wrong methods, request IDs in responses and access logs, and the OpenAPI document.
 */
import { apiRoutes } from '../../client/api/app';
import { toOpenApiPath } from '../../client/api/route';
import type { ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import { silentLogger } from '../../common/logging';
import { startApiFixture, type ApiFixture } from './api-fixture';

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture();
});

afterAll(async () => {
  await api?.close();
});

const validInput = {
  tenantId: 'boundary-never-started',
  name: 'Boundary',
  plan: 'pro',
  owner: { email: 'owner@example.com', name: 'Olive' },
  requestedBy: 'api-tests',
};

interface ErrorJson {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

describe('POST /provisioning validation', () => {
  it('answers 400 invalid_input naming each invalid field', async () => {
    const response = await api.call('POST', '/provisioning', {
      body: { ...validInput, plan: 'platinum', owner: { email: 'not-an-email', name: 'Olive' } },
    });
    expect(response.status).toBe(400);
    const { error } = response.json as ErrorJson;
    expect(error.code).toBe('invalid_input');
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['owner.email', 'plan']);
    expect(error.message).toContain('owner.email');
  });

  it('names a missing field and an unknown one', async () => {
    const { tenantId: _tenantId, ...withoutTenant } = validInput;
    const response = await api.call('POST', '/provisioning', { body: { ...withoutTenant, tier: 'gold' } });
    expect(response.status).toBe(400);
    expect((response.json as ErrorJson).error.issues?.map((i) => i.path).sort()).toEqual(['tenantId', 'tier']);
  });

  it('answers 400 invalid_json for a malformed or empty body', async () => {
    const malformed = await api.call('POST', '/provisioning', { rawBody: '{"tenantId": "acme",' });
    expect(malformed.status).toBe(400);
    expect((malformed.json as ErrorJson).error.code).toBe('invalid_json');
    const empty = await api.call('POST', '/provisioning');
    expect(empty.status).toBe(400);
    expect((empty.json as ErrorJson).error.code).toBe('invalid_json');
  });

  it('started nothing for the rejected requests', async () => {
    const response = await api.call('GET', `/provisioning/provision-${validInput.tenantId}`);
    expect(response.status).toBe(404);
  });
});

describe('unknown jobs and routes', () => {
  it('answers 404 job_not_found for an unknown job ID and for an ID that is not a job ID', async () => {
    for (const jobId of ['provision-nobody-here', 'orphan-scan-1', 'x']) {
      const response = await api.call('GET', `/provisioning/${jobId}`);
      expect(response.status).toBe(404);
      expect((response.json as ErrorJson).error.code).toBe('job_not_found');
    }
  });

  it('answers 404 for retry and cancel of an unknown job (with a valid token)', async () => {
    const retry = await api.call('POST', '/retry-provisioning/provision-nobody-here', { admin: true });
    expect(retry.status).toBe(404);
    expect((retry.json as ErrorJson).error.code).toBe('job_not_found');
    const cancel = await api.call('POST', '/provisioning/provision-nobody-here/cancel', { admin: true });
    expect(cancel.status).toBe(404);
    expect((cancel.json as ErrorJson).error.code).toBe('job_not_found');
  });

  it('answers 404 instance_not_found for an unknown instance', async () => {
    const response = await api.call('GET', '/instance-health/nobody-here');
    expect(response.status).toBe(404);
    expect((response.json as ErrorJson).error.code).toBe('instance_not_found');
  });

  it('answers JSON 404 not_found for an unknown route and 405 with Allow for a wrong method', async () => {
    const unknown = await api.call('GET', '/nowhere');
    expect(unknown.status).toBe(404);
    expect((unknown.json as ErrorJson).error.code).toBe('not_found');
    const wrongMethod = await api.call('DELETE', '/provisioning');
    expect(wrongMethod.status).toBe(405);
    expect((wrongMethod.json as ErrorJson).error.code).toBe('method_not_allowed');
    expect(wrongMethod.headers.get('Allow')).toBe('POST, GET, HEAD');
  });

  it('validates list query parameters', async () => {
    const response = await api.call('GET', '/provisioning?status=stuck&limit=0');
    expect(response.status).toBe(400);
    expect((response.json as ErrorJson).error.issues?.map((i) => i.path).sort()).toEqual(['limit', 'status']);
  });
});

describe('a job Temporal no longer knows', () => {
  it('is answered from the store projection, marked as such', async () => {
    // As after the namespace's retention removed the history: only the store remembers the job.
    const jobId = 'provision-archived-job';
    const now = new Date().toISOString();
    const progress: ProvisioningProgress = {
      jobId,
      tenantId: 'archived-job',
      status: 'completed',
      currentStep: null,
      totalSteps: 9,
      completedSteps: 9,
      percent: 100,
      steps: [],
      startedAt: now,
      estimatedCompletionAt: now,
      finishedAt: now,
      retryCount: 0,
      maxRetries: 3,
      cleanupAt: null,
      resources: {},
      error: null,
      leaks: [],
      retries: [],
    };
    await api.stack.store.upsertJob({
      jobId,
      tenantId: 'archived-job',
      plan: 'free',
      ownerEmail: 'owner@example.com',
      requestedBy: 'api-tests',
      status: 'completed',
      currentStep: null,
      totalSteps: 9,
      completedSteps: 9,
      retryCount: 0,
      maxRetries: 3,
      failedStep: null,
      errorType: null,
      errorMessage: null,
      lastActionBy: null,
      startedAt: now,
      finishedAt: now,
      updatedAt: now,
      progress,
    });
    const response = await api.call('GET', `/provisioning/${jobId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Progress-Source')).toBe('store');
    expect(response.json).toEqual(progress);
  });
});

describe('authentication (every route: tests/client/api-access.test.ts)', () => {
  it.each([
    ['no token', 'none'],
    ['a wrong token', 'not-the-admin-token'],
  ] as const)('answers 401 unauthorized to retry with %s, before looking the job up', async (_label, token) => {
    const response = await api.call(
      'POST',
      '/retry-provisioning/provision-nobody-here',
      token === 'none' ? { as: 'none' } : { admin: token },
    );
    expect(response.status).toBe(401);
    expect((response.json as ErrorJson).error.code).toBe('unauthorized');
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
  });

  it('answers 403 forbidden to a brain credential on an admin route', async () => {
    const response = await api.call('POST', '/retry-provisioning/provision-nobody-here', { as: 'brain' });
    expect(response.status).toBe(403);
    expect((response.json as ErrorJson).error.code).toBe('forbidden');
  });
});

describe('request IDs', () => {
  it("echoes the caller's X-Request-Id and logs it on the access line", async () => {
    const response = await api.call('GET', '/provisioning/provision-nobody-here', {
      headers: { 'X-Request-Id': 'brain-req-42' },
    });
    expect(response.headers.get('X-Request-Id')).toBe('brain-req-42');
    const line = api.logLines.find((l) => l.msg === 'http request' && l.requestId === 'brain-req-42');
    expect(line).toMatchObject({
      service: 'api',
      method: 'GET',
      path: '/provisioning/provision-nobody-here',
      status: 404,
    });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('generates one when the caller sends none, also on errors', async () => {
    const response = await api.call('POST', '/provisioning', { rawBody: 'nope' });
    const requestId = response.headers.get('X-Request-Id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.logLines.some((l) => l.requestId === requestId && l.status === 400)).toBe(true);
  });
});

describe('GET /healthz', () => {
  it('reports Temporal and the store as ok', async () => {
    const response = await api.call('GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: 'ok', checks: { temporal: 'ok', store: 'ok' } });
  });
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every route the app serves', async () => {
    const response = await api.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const document = response.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    // Hono lists a route once per handler (admin routes: the auth middleware, then the handler).
    const served = new Set(api.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect(served.size).toBe(apiRouteCount(api));
    for (const route of served) {
      const [method = '', path = ''] = route.split(' ');
      expect(document.paths[toOpenApiPath(path)]?.[method.toLowerCase()]).toBeDefined();
    }
    const documented = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(documented).toBe(served.size);
  });

  it('describes the start body with the JSON Schema of the workflow input', async () => {
    const document = (await api.call('GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    const schema = document.paths['/provisioning']?.post?.requestBody?.content['application/json']?.schema as {
      properties: Record<string, { pattern?: string; enum?: string[] }>;
      required: string[];
      additionalProperties: boolean;
    };
    // requestedBy is optional: the requester is the authenticated principal, the field only says on whose behalf.
    expect(schema.required.sort()).toEqual(['name', 'owner', 'plan', 'tenantId']);
    expect(schema.properties.plan?.enum).toEqual(['free', 'pro', 'enterprise']);
    expect(schema.properties.tenantId?.pattern).toBe('^[a-z0-9][a-z0-9-]{2,38}$');
    expect(schema.additionalProperties).toBe(false);
  });

  it('marks every guarded route with the bearer scheme and its role, the public ones with none', async () => {
    const document = (await api.call('GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, { security?: unknown[]; 'x-required-role'?: string }>>;
    };
    expect(document.paths['/retry-provisioning/{jobId}']?.post).toMatchObject({
      security: [{ bearer: [] }],
      'x-required-role': 'admin',
    });
    expect(document.paths['/provisioning/{jobId}']?.get?.['x-required-role']).toBe('viewer');
    expect(document.paths['/healthz']?.get).toMatchObject({ security: [], 'x-required-role': 'public' });
  });
});

function apiRouteCount(fixture: ApiFixture): number {
  return new Set(
    apiRoutes({ ...fixture.stack, logger: silentLogger, providers: {} as never }).map((r) => `${r.method} ${r.path}`),
  ).size;
}
