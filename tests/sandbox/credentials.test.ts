/**
 * How the sandbox answers a call without credentials, with a wrong one, and to an unknown route: per provider, the
 * status and error envelope of the real API (docs/PROVIDERS.md lists the sources).
 */
import { request, startTestSandbox, type TestSandbox } from './helpers';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.close());

const convexBody = { code: expect.any(String), message: expect.any(String) };
const cloudflareBody = (code: number) => ({
  success: false,
  errors: [{ code, message: expect.any(String) }],
  messages: [],
  result: null,
});
const workosBody = { message: expect.any(String), code: expect.any(String) };
const sendgridBody = { errors: [{ message: expect.any(String), field: null, help: null }] };

describe.each([
  {
    provider: 'Convex Management API',
    call: (authorization?: string) =>
      request(`${sb.url}/v1/teams/1/projects`, { headers: authorization ? { authorization } : {} }),
    wrong: 'Bearer not-a-team-token',
    denied: [401, convexBody],
    unknown: () => request(`${sb.url}/v1/no-such-route`, { headers: { authorization: 'Bearer sandbox-convex-token' } }),
    notFound: [404, convexBody],
  },
  {
    provider: 'Convex deployment (push protocol)',
    call: (authorization?: string) =>
      request(`${sb.url}/api/deploy2/start_push`, { headers: authorization ? { authorization } : {}, json: {} }),
    wrong: 'Convex prod:happy-animal-123|not-a-key',
    denied: [401, { code: 'BadAdminKey', message: expect.any(String) }],
    unknown: () => request(`${sb.url}/api/no-such-route`, { method: 'POST' }),
    notFound: [404, convexBody],
  },
  {
    provider: 'WorkOS',
    call: (authorization?: string) =>
      request(`${sb.url}/organizations`, { headers: authorization ? { authorization } : {} }),
    wrong: 'Bearer not-a-workos-key',
    denied: [401, workosBody],
    unknown: () => request(`${sb.url}/no-such-route`, { headers: { authorization: 'Bearer sk_sandbox_key' } }),
    notFound: [404, workosBody],
  },
  {
    provider: 'Cloudflare',
    call: (authorization?: string) =>
      request(`${sb.url}/client/v4/accounts/a/pages/projects`, { headers: authorization ? { authorization } : {} }),
    wrong: undefined,
    denied: [403, cloudflareBody(10000)],
    unknown: () => request(`${sb.url}/client/v4/no-such-route`, { headers: { authorization: 'Bearer t' } }),
    notFound: [404, cloudflareBody(7000)],
  },
  {
    provider: 'Cloudflare Pages assets (upload JWT)',
    call: (authorization?: string) =>
      request(`${sb.url}/client/v4/pages/assets/check-missing`, {
        headers: authorization ? { authorization } : {},
        json: { hashes: [] },
      }),
    wrong: 'Bearer an-api-token-not-a-jwt',
    denied: [401, cloudflareBody(8000013)],
    unknown: () => request(`${sb.url}/client/v4/pages/assets/nope`, { headers: { authorization: 'Bearer t' } }),
    notFound: [404, cloudflareBody(7000)],
  },
  {
    provider: 'SendGrid',
    call: (authorization?: string) =>
      request(`${sb.url}/v3/mail/send`, { headers: authorization ? { authorization } : {}, json: {} }),
    wrong: 'Bearer not-a-sendgrid-key',
    denied: [401, sendgridBody],
    unknown: () => request(`${sb.url}/v3/no-such-route`, { headers: { authorization: 'Bearer SG.x' } }),
    notFound: [404, sendgridBody],
  },
])('$provider', ({ call, wrong, denied, unknown, notFound }) => {
  it('answers a call without credentials with its auth error', async () => {
    const res = await call();
    expect([res.status, res.body]).toEqual(denied);
  });

  if (wrong) {
    it('answers a call with a wrong credential with its auth error', async () => {
      const res = await call(wrong);
      expect([res.status, res.body]).toEqual(denied);
    });
  }

  it('answers an unknown route with its 404 envelope', async () => {
    const res = await unknown();
    expect([res.status, res.body]).toEqual(notFound);
  });
});
