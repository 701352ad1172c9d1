/**
 * A seeded fuzzer over the route table (so every route, including ones added later): random path parameters, query
 * strings and bodies (garbage text, random JSON, valid-looking bodies with one field broken), sent without a
 * credential and with each role's. Every answer must be below 500, and every error the JSON error envelope.
 * Broken bodies always keep one invalid field, so no job is ever started.
 */
import { apiRoutes } from '../../client/api/app';
import type { ApiRoute } from '../../client/api/route';
import { API_ROLES, type ApiRole } from '../../common/api-credentials';
import { silentLogger } from '../../common/logging';
import { startApiFixture, type ApiFixture } from './api-fixture';

const SEED = Number(process.env.API_FUZZ_SEED ?? 20261130);
const CASES_PER_ROUTE_AND_CALLER = 12;

let api: ApiFixture;

beforeAll(async () => {
  // Limits out of the way: this file is about what the handlers answer, not about the limiter.
  api = await startApiFixture({
    env: { API_RATE_LIMIT: '1000000', API_ACTION_RATE_LIMIT: '1000000', API_BLOCK_AFTER: '1000000' },
  });
});

afterAll(async () => {
  await api?.close();
});

/** mulberry32: a small seeded PRNG, so a failure replays with the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const NASTY_STRINGS = [
  '',
  ' ',
  'provision-',
  'provision-../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '%00',
  'ünïcødé-🚀',
  '\u0000\u0001',
  'a'.repeat(5000),
  '-1',
  '1e309',
  'null',
  'true',
  '2026-13-45',
  'provision-nobody-here',
];

function randomString(): string {
  if (random() < 0.5) return pick(NASTY_STRINGS);
  const length = Math.floor(random() * 40);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(32 + Math.floor(random() * 0x2000));
  return text;
}

function randomJson(depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 2 ? 4 : 6));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308]);
    case 3:
      return randomString();
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [randomString(), randomJson(depth + 1)]),
      );
  }
}

const VALID_START = {
  tenantId: 'fuzz-never-started',
  name: 'Fuzz',
  plan: 'pro',
  owner: { email: 'fuzz@example.com', name: 'Fuzz' },
  requestedBy: 'fuzzer',
};

/** A valid-looking body with one field broken for sure (a non-string where a string belongs, or an unknown key). */
function brokenBody(): unknown {
  const body: Record<string, unknown> = { ...VALID_START, dryRun: true, scanId: 'scan-1' };
  if (random() < 0.5) body[`unknown_${Math.floor(random() * 1000)}`] = randomJson();
  else body[pick(['tenantId', 'name', 'plan', 'requestedBy', 'owner'])] = pick([42, null, [], { x: 1 }, true]);
  return body;
}

function randomRequest(route: ApiRoute): { path: string; rawBody?: string } {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(randomString()) || 'x');
  const queryKeys = [...Object.keys(route.query?.shape ?? {}), 'limit', randomString()];
  const query = Array.from({ length: Math.floor(random() * 4) }, () => {
    const value = random() < 0.5 ? randomString() : JSON.stringify(randomJson());
    return `${encodeURIComponent(pick(queryKeys))}=${encodeURIComponent(value)}`;
  }).join('&');
  const fullPath = query ? `${path}?${query}` : path;
  if (route.method !== 'POST') return { path: fullPath };
  const bodyKind = random();
  let rawBody: string;
  if (bodyKind < 0.2) rawBody = randomString();
  else if (bodyKind < 0.6) rawBody = JSON.stringify(randomJson());
  else rawBody = JSON.stringify(brokenBody());
  return { path: fullPath, rawBody };
}

const routes = (): ApiRoute[] => apiRoutes({ ...api.stack, logger: silentLogger, providers: {} as never });

describe.each<ApiRole | 'none'>(['none', ...API_ROLES])('fuzzing every route as %s', (caller) => {
  it('answers below 500, every error as {error: {code, message}}', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes()) {
      for (let i = 0; i < CASES_PER_ROUTE_AND_CALLER; i++) {
        const request = randomRequest(route);
        const response = await api.call(route.method, request.path, {
          as: caller,
          ...(random() < 0.5 ? { headers: { Accept: 'application/json' } } : {}),
          ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
        });
        requests++;
        const error = (response.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
        // The one non-JSON error: the status page's 404 page, for a browser (no Accept: application/json).
        const htmlPage = route.tag === 'status' && (response.headers.get('Content-Type') ?? '').includes('text/html');
        const envelopeOk =
          response.status < 400 || htmlPage || (typeof error?.code === 'string' && typeof error.message === 'string');
        if (response.status >= 500 || !envelopeOk) {
          failures.push(`${route.method} ${request.path} body=${request.rawBody?.slice(0, 200)} → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBe(routes().length * CASES_PER_ROUTE_AND_CALLER);
  });
});

describe('after fuzzing', () => {
  it('started no job and logged no unexpected error', async () => {
    expect(await api.stack.store.listJobs({})).toEqual([]);
    expect(api.logLines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
