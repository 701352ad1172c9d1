/**
 * `npm run bench:api`: what the API's protection costs, and how fast the audit trail verifies.
 *   1. The start and status routes (`POST /provisioning` for one tenant, so every call after the first is the
 *      idempotent start that still asks Temporal; `GET /provisioning/:jobId`, the progress query) through the real
 *      app (authentication, rate limits, audit on) and through the same handlers with no guard, limiter or audit,
 *      interleaved in rounds in one run: throughput and p50, and their ratio (target ≥ 0.9).
 *   2. `audit verify` over 100,000 entries in a SQLite store file (target ≤ 2 s).
 * Uses TEMPORAL_ADDRESS or starts a throwaway dev server; the test stack (sandbox, store, worker) runs in-process.
 * Writes the section `api-security` of docs/BENCHMARKS.md unless BENCH_WRITE_DOCS=false.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiRoutes, createApiApp, MAX_BODY_BYTES } from '../client/api/app';
import { requestContext } from '../client/api/request-context';
import type { ApiEnv } from '../client/api/env';
import { openSqliteStore } from '../store/sqlite';
import { formatApiCredential, generateApiToken } from '../common/api-credentials';
import { silentLogger } from '../common/logging';
import { createProviderClients } from '../worker/providers';
import { startTestStack } from '../tests/helpers/test-stack';
import { startTemporalServer } from './dev-server';
import { writeMarkedSection } from './docs-section';
import { median, ratio } from './stats';

const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 5);
const REQUESTS_PER_ROUND = Number(process.env.BENCH_API_REQUESTS ?? 200);
const AUDIT_ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);

type Fetch = (path: string, init: RequestInit) => Promise<Response>;

/**
 * The same handlers behind the same request context and body limit, with no guard, no limiter and no audit: what
 * the API costs without its protection.
 */
function bareApp(routes: ReturnType<typeof apiRoutes>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use('*', requestContext(silentLogger));
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES }));
  app.use('*', async (c, next) => {
    c.set('clientAddress', '127.0.0.1');
    c.set('principal', { name: 'bench', role: 'admin' });
    await next();
  });
  for (const route of routes) app.on(route.method, route.path, route.handler);
  return app;
}

async function timeRequests(call: Fetch, path: string, init: RequestInit, n: number): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const response = await call(path, init);
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}`);
    durations.push(performance.now() - started);
  }
  return durations;
}

async function benchRoutes(): Promise<string[]> {
  const server = await startTemporalServer(process.env);
  process.env.TEMPORAL_ADDRESS = server.address;
  const token = generateApiToken();
  const stack = await startTestStack({
    env: {
      API_CREDENTIALS: formatApiCredential('bench', 'admin', token),
      API_RATE_LIMIT: '100000000',
      API_ACTION_RATE_LIMIT: '100000000',
    },
  });
  try {
    const deps = {
      client: stack.client,
      store: stack.store,
      config: stack.config,
      logger: silentLogger,
      providers: createProviderClients(stack.config, silentLogger),
    };
    const socket = { incoming: { socket: { remoteAddress: '127.0.0.1' } } as never };
    const on = createApiApp(deps);
    const off = bareApp(apiRoutes(deps));
    const calls: Record<'on' | 'off', Fetch> = {
      on: (path, init) => Promise.resolve(on.request(path, init, socket)),
      off: (path, init) => Promise.resolve(off.request(path, init, socket)),
    };
    const body = JSON.stringify({
      tenantId: 'bench-api-tenant',
      name: 'Bench',
      plan: 'pro',
      owner: { email: 'bench@example.com', name: 'Bench' },
    });
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const start: RequestInit = { method: 'POST', headers, body };
    const status: RequestInit = { method: 'GET', headers };
    // Warm-up: the job exists and is complete, so the status route answers from the workflow.
    await stack.runWorkerUntil(async () => {
      await timeRequests(calls.on, '/provisioning', start, 1);
      await stack.client.workflow.getHandle('provision-bench-api-tenant').result();
    });
    const samples = {
      start: { on: [] as number[], off: [] as number[] },
      status: { on: [] as number[], off: [] as number[] },
    };
    const elapsed = { start: { on: 0, off: 0 }, status: { on: 0, off: 0 } };
    await stack.runWorkerUntil(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          for (const [route, path, init] of [
            ['start', '/provisioning', start],
            ['status', '/provisioning/provision-bench-api-tenant', status],
          ] as const) {
            const t0 = performance.now();
            samples[route][mode].push(...(await timeRequests(calls[mode], path, init, REQUESTS_PER_ROUND)));
            elapsed[route][mode] += performance.now() - t0;
          }
        }
      }
    });
    const rows = (['start', 'status'] as const).map((route) => {
      const rps = (mode: 'on' | 'off') => (samples[route][mode].length / elapsed[route][mode]) * 1000;
      const p50 = (mode: 'on' | 'off') => median(samples[route][mode]);
      return `| ${route} | ${rps('on').toFixed(0)} | ${rps('off').toFixed(0)} | ${ratio(rps('on'), rps('off')).toFixed(2)}× | ${p50('on').toFixed(2)} | ${p50('off').toFixed(2)} | ${ratio(p50('off'), p50('on')).toFixed(2)}× |`;
    });
    return [
      `${ROUNDS} interleaved rounds of ${REQUESTS_PER_ROUND} sequential requests per route and mode, in-process (\`app.request\`), against a Temporal dev server and a worker.`,
      '',
      '| route | req/s on | req/s off | throughput on/off | p50 on (ms) | p50 off (ms) | p50 off/on |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    ];
  } finally {
    await stack.close();
    await server.stop();
  }
}

async function benchAuditVerify(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  try {
    const store = openSqliteStore(join(dir, 'brain.sqlite'), { create: true });
    try {
      const base = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < AUDIT_ENTRIES; i++) {
        await store.appendAudit({
          at: new Date(base + i * 1000).toISOString(),
          actor: `principal-${i % 7}`,
          source: 'api',
          action: i % 3 === 0 ? 'job.start' : 'job.retry',
          target: `provision-tenant-${i % 1000}`,
          outcome: 'ok',
          detail: { requestId: `req-${i}`, client: '10.0.0.1' },
        });
      }
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const result = await store.verifyAudit();
        runs.push(performance.now() - t0);
        if (!result.ok || result.entries !== AUDIT_ENTRIES) throw new Error(`verify: ${JSON.stringify(result)}`);
      }
      return [
        `\`audit verify\` over ${AUDIT_ENTRIES} entries (SQLite file): median of 3 runs **${(median(runs) / 1000).toFixed(2)} s** (target ≤ 2 s).`,
      ];
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const routes = await benchRoutes();
  const audit = await benchAuditVerify();
  const report = [
    '## API protection and audit',
    '',
    'Authentication, rate limits and audit on (the real app) versus the same handlers with none of them (target ≥ 0.9×).',
    '',
    ...routes,
    '',
    ...audit,
    '',
    `Command: \`npm run bench:api\` (BENCH_API_ROUNDS=${ROUNDS}, BENCH_API_REQUESTS=${REQUESTS_PER_ROUND}).`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (process.env.BENCH_WRITE_DOCS !== 'false') {
    await writeMarkedSection(resolve(__dirname, '..', 'docs', 'BENCHMARKS.md'), report, 'api-security');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:api failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
