/// <reference lib="dom" />
/**
 * `GET /provisioning-metrics` and the dashboard page. The route: who may read it, 400 for a bad range, nulls for an
 * empty one, exact aggregates and daily series over seeded records, its OpenAPI description. The page: a static
 * shell under a same-origin CSP with Chart.js served from node_modules; then, after real runs through the worker (one
 * completes, one fails on a permanent error and completes after an admin retry) and a health sweep that finds one of
 * them down, headless Chromium signs in with the admin token and draws exactly what the API answers.
 */
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ProvisioningMetricsDay } from '../../store/provisioning-metrics-series';
import type { ProvisioningMetricsSummary } from '../../store/provisioning-metrics';
import { healthSweep } from '../../workflows';
import { makeMetricsRecord } from '../store/fixtures';
import { uniqueTenantId } from '../workflows/workflow-test-utils';
import { startApiFixture, type ApiFixture } from './api-fixture';

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface MetricsJson {
  summary: ProvisioningMetricsSummary;
  health: {
    counts: Record<'active' | 'degraded' | 'down', number>;
    total: number;
    lastSweepCompletedAt: string | null;
  };
  series: ProvisioningMetricsDay[];
}

interface ErrorJson {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture();
});

afterAll(async () => {
  // A 5xx is a bug: none of this file's requests may have answered one.
  const statuses = api?.logLines.filter((l) => l.msg === 'http request').map((l) => l.status as number) ?? [];
  await api?.close();
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
});

const metrics = (query: string, as: 'admin' | 'viewer' | 'brain' | 'none' = 'viewer') =>
  api.call('GET', `/provisioning-metrics${query}`, { as });

describe('GET /provisioning-metrics', () => {
  it('is read by viewers and stronger roles, not without a credential', async () => {
    expect((await metrics('', 'none')).status).toBe(401);
    for (const role of ['viewer', 'brain', 'admin'] as const) {
      expect([role, (await metrics('', role)).status]).toEqual([role, 200]);
    }
  });

  it('answers 400 invalid_input naming the field for a bad date, an unknown parameter, or from after to', async () => {
    const cases: [string, string][] = [
      ['?from=yesterday', 'from'],
      ['?to=2025-02-30', 'to'],
      ['?from=2025-03-01T25:00:00Z', 'from'],
      ['?since=2025-01-01', 'since'],
      ['?from=2025-03-02&to=2025-03-01', 'from'],
      ['?from=2025-03-01T12:00:00Z&to=2025-03-01T11:59:59Z', 'from'],
    ];
    for (const [query, field] of cases) {
      const response = await metrics(query);
      const body = response.json as ErrorJson;
      expect([query, response.status, body.error.code]).toEqual([query, 400, 'invalid_input']);
      expect([query, body.error.issues?.map((issue) => issue.path)]).toEqual([query, [field]]);
    }
  });

  it('defaults to the last 30 days, today (UTC) included', async () => {
    const { summary, series } = (await metrics('')).json as MetricsJson;
    expect(summary.to).toMatch(/T23:59:59\.999Z$/);
    expect(summary.from).toMatch(/T00:00:00\.000Z$/);
    expect(Date.parse(summary.to ?? '') + 1 - Date.parse(summary.from ?? '')).toBe(30 * 86_400_000);
    expect(series).toHaveLength(30);
  });

  it('answers nulls for a range without runs, sweeps or detections', async () => {
    const response = await metrics('?from=2023-01-01&to=2023-01-02');
    expect(response.status).toBe(200);
    const { summary, series } = response.json as MetricsJson;
    expect(summary).toMatchObject({
      from: '2023-01-01T00:00:00.000Z',
      to: '2023-01-02T23:59:59.999Z',
      runs: 0,
      successRate: null,
      durationMs: { average: null, p50: null, p95: null },
      autoRecoveryRate: null,
      mttrMs: null,
      mttdMs: null,
      healthCoverage: { sweeps: 0, rate: null },
    });
    expect(summary.kpis.map((kpi) => [kpi.name, kpi.value, kpi.met])).toEqual([
      ['success_rate', null, null],
      ['average_duration', null, null],
      ['auto_recovery_rate', null, null],
      ['mttd', null, null],
      ['mttr', null, null],
      ['health_coverage', null, null],
    ]);
    expect(series.map((day) => [day.day, day.runs, day.successRate])).toEqual([
      ['2023-01-01', 0, null],
      ['2023-01-02', 0, null],
    ]);
  });

  it('gives the exact aggregates and daily series of seeded runs', async () => {
    const at = (time: string) => `2024-03-${time}Z`;
    const failure = (step: string, type: string, time: string) => ({ step, type, at: at(time) });
    const seeded = [
      makeMetricsRecord({ jobId: 'provision-m1', finishedAt: at('01T10:00:00.000'), durationMs: 60_000 }),
      makeMetricsRecord({
        jobId: 'provision-m2',
        finishedAt: at('01T12:00:00.000'),
        durationMs: 240_000,
        hitFault: true,
        autoRecovered: true,
      }),
      makeMetricsRecord({
        jobId: 'provision-m3',
        finishedAt: at('03T09:00:00.000'),
        durationMs: 900_000,
        hitFault: true,
        retries: 1,
        failures: [failure('createPagesProject', 'ProviderAuthFailed', '03T08:50:00.000')],
      }),
      makeMetricsRecord({
        jobId: 'provision-m4',
        outcome: 'cleaned_up',
        finishedAt: at('03T10:00:00.000'),
        durationMs: 30_000,
        hitFault: true,
        failures: [failure('deployFrontend', 'DeploymentFailed', '03T09:59:00.000')],
      }),
      // Outside the range.
      makeMetricsRecord({ jobId: 'provision-m5', finishedAt: at('04T00:00:00.000'), durationMs: 1_000 }),
    ];
    for (const record of seeded) await api.stack.store.recordProvisioningMetrics(record);

    const response = await metrics('?from=2024-03-01&to=2024-03-03');
    expect(response.status).toBe(200);
    const { summary, series } = response.json as MetricsJson;
    expect(summary).toMatchObject({
      runs: 4,
      completed: 3,
      cleanedUp: 1,
      cancelled: 0,
      successRate: 0.75,
      durationMs: { average: 400_000, p50: 240_000, p95: 900_000 },
      failuresByStep: { createPagesProject: 1, deployFrontend: 1 },
      failuresByErrorType: { ProviderAuthFailed: 1, DeploymentFailed: 1 },
      hitFault: 3,
      autoRecovered: 1,
      autoRecoveryRate: 1 / 3,
      mttrMs: 600_000,
    });
    expect(Object.fromEntries(summary.kpis.map((kpi) => [kpi.name, kpi.met]))).toEqual({
      success_rate: false,
      average_duration: false,
      auto_recovery_rate: false,
      mttd: null,
      mttr: true,
      health_coverage: null,
    });
    expect(series).toEqual([
      {
        day: '2024-03-01',
        runs: 2,
        completed: 2,
        cleanedUp: 0,
        cancelled: 0,
        successRate: 1,
        durationMs: { average: 150_000, p95: 240_000 },
      },
      {
        day: '2024-03-02',
        runs: 0,
        completed: 0,
        cleanedUp: 0,
        cancelled: 0,
        successRate: null,
        durationMs: { average: null, p95: null },
      },
      {
        day: '2024-03-03',
        runs: 2,
        completed: 1,
        cleanedUp: 1,
        cancelled: 0,
        successRate: 0.5,
        durationMs: { average: 900_000, p95: 900_000 },
      },
    ]);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await api.call('GET', '/openapi.json', { as: 'none' })).json as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; 'x-required-role': string }>>;
    };
    const operation = document.paths['/provisioning-metrics']?.get;
    expect(operation?.['x-required-role']).toBe('viewer');
    expect(operation?.parameters?.map((p) => p.name)).toEqual(['from', 'to']);
    expect(document.paths['/dashboard']?.get?.['x-required-role']).toBe('public');
  });
});

describe('the dashboard page', () => {
  const rawGet = (path: string) =>
    api.app.request(path, {}, { incoming: { socket: { remoteAddress: '10.30.0.1' } } as never });

  it('is a static shell under a same-origin CSP, with Chart.js served from node_modules', async () => {
    const page = await rawGet('/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe|https?:|\*/);
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style>|style=|https?:\/\//);

    const chart = await rawGet('/dashboard/assets/chart.umd.js');
    expect(chart.status).toBe(200);
    expect(chart.headers.get('Content-Type')).toContain('text/javascript');
    const installed = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
    expect(await chart.text()).toBe(readFileSync(installed, 'utf8'));
    expect((await rawGet('/dashboard/assets/dashboard.js')).status).toBe(200);
    expect((await rawGet('/dashboard/assets/dashboard.css')).headers.get('Content-Type')).toContain('text/css');
    expect((await rawGet('/dashboard/assets/..%2Fdashboard-html.ts')).status).toBe(404);
  });
});

describe('the dashboard in headless Chromium, after real runs', () => {
  let browser: Browser;
  let baseUrl: string;
  let server: ReturnType<typeof serve>;
  const healthyTenant = uniqueTenantId('dash-ok');
  const retriedTenant = uniqueTenantId('dash-retry');

  async function startJob(tenantId: string): Promise<string> {
    const response = await api.call('POST', '/provisioning', {
      body: {
        tenantId,
        name: `Dashboard ${tenantId}`,
        plan: 'pro',
        owner: { email: `owner+${tenantId}@example.com`, name: 'Dana Owner' },
        requestedBy: 'dashboard-test',
      },
    });
    expect(response.status).toBe(202);
    return (response.json as { jobId: string }).jobId;
  }

  /** Waits for the job's workflow to end (its metrics record is written before it does). */
  const finished = (jobId: string) => api.stack.client.workflow.getHandle(jobId).result();

  /** Polls the job's progress until it is `status`; fails at once if the job ends otherwise. */
  async function waitForProgressStatus(jobId: string, status: string): Promise<void> {
    for (;;) {
      const response = await api.call('GET', `/provisioning/${jobId}`);
      const current = (response.json as { status?: string } | null)?.status;
      if (current === status) return;
      if (current === 'completed' || current === 'cleaned_up' || current === 'cancelled') {
        throw new Error(`${jobId} ended ${current} while waiting for ${status}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    await api.stack.runWorkerUntil(async () => {
      await finished(await startJob(healthyTenant));
      // A permanent error fails the next job at createPagesProject; an admin retry completes it.
      await api.stack.faults.add({
        provider: 'cloudflare',
        operation: 'createProject',
        kind: 'unauthorized_401',
        count: 1,
      });
      const retried = await startJob(retriedTenant);
      await waitForProgressStatus(retried, 'failed');
      expect((await api.call('POST', `/retry-provisioning/${retried}`, { admin: true })).status).toBe(202);
      await finished(retried);
      // One sweep finds the first tenant's site down: a detection, health counts, a coverage.
      await api.stack.setSiteState(`tenant-${healthyTenant}`, 'down');
      await api.stack.client.workflow.execute(healthSweep, {
        taskQueue: api.stack.taskQueue,
        workflowId: `health-sweep-dashboard-${healthyTenant}`,
        args: [{}],
      });
    });
    server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /** What the page drew: every chart's labels and datasets, and every KPI's attributes and text. */
  const drawn = (page: Page) =>
    page.evaluate(() => {
      const chartOf = (id: string) => {
        const chart = (
          window as unknown as {
            Chart: {
              getChart(canvas: HTMLCanvasElement): { data: { labels: unknown[]; datasets: { data: unknown[] }[] } };
            };
          }
        ).Chart.getChart(document.getElementById(id) as HTMLCanvasElement);
        return chart ? { labels: chart.data.labels, datasets: chart.data.datasets.map((d) => d.data) } : null;
      };
      const kpis = Array.from(document.querySelectorAll<HTMLElement>('#kpis li')).map((li) => ({
        name: li.dataset.kpi,
        met: li.dataset.met,
        value: li.dataset.value,
        text: li.querySelector('.value')?.textContent,
        verdict: li.querySelector('.verdict')?.textContent,
      }));
      const healthCounts = Object.fromEntries(
        Array.from(document.querySelectorAll<HTMLElement>('#health-counts li')).map((li) => [
          li.dataset.status,
          Number(li.dataset.count),
        ]),
      );
      return {
        successRate: chartOf('chart-success-rate'),
        duration: chartOf('chart-duration'),
        failuresByStep: chartOf('chart-failures-step'),
        failuresByType: chartOf('chart-failures-type'),
        health: chartOf('chart-health'),
        kpis,
        healthCounts,
        from: (document.getElementById('from') as HTMLInputElement).value,
        to: (document.getElementById('to') as HTMLInputElement).value,
      };
    });

  const sortedCounts = (counts: Record<string, number>) => {
    const names = Object.keys(counts).sort();
    return { labels: names, datasets: [names.map((name) => counts[name])] };
  };

  it('asks for the token, then draws exactly what the API answers for the chosen range', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });

    await page.goto(`${baseUrl}/dashboard`);
    await page.waitForSelector('body[data-state="signed-out"]');
    await page.fill('#token', api.tokens.admin);
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector('body[data-state="ready"]');

    const shown = await drawn(page);
    const { summary, health, series } = (await metrics(`?from=${shown.from}&to=${shown.to}`, 'admin'))
      .json as MetricsJson;
    // The real runs are in the default range: two completed, one of them after a failure and an admin retry.
    expect(summary).toMatchObject({ runs: 2, completed: 2, failuresByStep: { createPagesProject: 1 } });
    expect(summary.failuresByErrorType).toEqual({ ProviderAuthFailed: 1 });
    expect(health.counts).toEqual({ active: 1, degraded: 0, down: 1 });
    expect(summary).toMatchObject({ detections: 1, healthCoverage: { sweeps: 1, targets: 2, covered: 2, rate: 1 } });

    const days = series.map((day) => day.day);
    expect(shown.successRate).toEqual({ labels: days, datasets: [series.map((day) => day.successRate)] });
    expect(shown.duration).toEqual({
      labels: days,
      datasets: [series.map((day) => day.durationMs.average), series.map((day) => day.durationMs.p95)],
    });
    expect(shown.failuresByStep).toEqual(sortedCounts(summary.failuresByStep));
    expect(shown.failuresByType).toEqual(sortedCounts(summary.failuresByErrorType));
    expect(shown.health).toEqual({ labels: ['active', 'degraded', 'down'], datasets: [[1, 0, 1]] });
    expect(shown.healthCounts).toEqual(health.counts);

    expect(shown.kpis.map((kpi) => [kpi.name, kpi.met, kpi.value])).toEqual(
      summary.kpis.map((kpi) => [kpi.name, String(kpi.met), String(kpi.value)]),
    );
    const verdicts = Object.fromEntries(shown.kpis.map((kpi) => [kpi.name, kpi.verdict]));
    const expected = Object.fromEntries(
      summary.kpis.map((kpi) => [kpi.name, kpi.met === null ? 'no data' : kpi.met ? 'met' : 'not met']),
    );
    expect(verdicts).toEqual(expected);
    // Every KPI has a value after these runs; the rates and durations are shown in their units.
    const text = Object.fromEntries(shown.kpis.map((kpi) => [kpi.name, kpi.text]));
    const rateOf = (name: string) => summary.kpis.find((kpi) => kpi.name === name)?.value ?? NaN;
    expect(text.success_rate).toBe(`${(rateOf('success_rate') * 100).toFixed(1)} %`);
    expect(text.health_coverage).toBe('100.0 %');
    expect(text.average_duration).toMatch(/^\d+\.\d s$|^\d+ min \d+ s$/);
    expect(text.mttd).toMatch(/^\d+\.\d s$|^\d+ min \d+ s$/);

    // The token is in this tab's sessionStorage only: not in the URL.
    expect(page.url()).toBe(`${baseUrl}/dashboard`);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([api.tokens.admin]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('redraws for another range: an empty one shows no data', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/dashboard`);
    await page.fill('#token', api.tokens.admin);
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector('body[data-state="ready"]');
    await page.fill('#from', '2023-01-01');
    await page.fill('#to', '2023-01-03');
    await page.click('#range button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('2023-01-01'));
    await page.waitForSelector('body[data-state="ready"]');
    const shown = await drawn(page);
    expect(shown.successRate).toEqual({
      labels: ['2023-01-01', '2023-01-02', '2023-01-03'],
      datasets: [[null, null, null]],
    });
    expect(shown.failuresByStep).toEqual({ labels: [], datasets: [[]] });
    expect(shown.kpis.map((kpi) => kpi.verdict)).toEqual(Array(6).fill('no data'));
    await page.close();
  });

  it('asks again for a token the API refuses', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/dashboard`);
    await page.fill('#token', 'to_not-a-token-anyone-has');
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector('body[data-state="signed-out"] #sign-in-error:not(:empty)');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });
});
