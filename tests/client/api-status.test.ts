/// <reference lib="dom" />
/**
 * The public status page: reached only by the token of the start answer, without a credential; JSON and HTML views
 * show nothing but the tenant name, steps, percent and ETA; server-sent events follow the job to its end; guessed
 * tokens (tenant ID, job ID, a random one), revoked and expired ones get 404. Then the page in headless Chromium
 * (playwright-core with Debian's chromium) advances through the steps without a reload and shows completion.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { uniqueTenantId } from '../workflows/workflow-test-utils';
import { FIXTURE_PRINCIPALS, startApiFixture, type ApiFixture } from './api-fixture';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture({ env: { STATUS_PAGE_PUSH_INTERVAL: '200ms' } });
});

afterAll(async () => {
  await api?.close();
});

interface StartJson {
  jobId: string;
  statusUrl: string;
}

function tenantInput(tenantId: string) {
  return {
    tenantId,
    name: 'Acme Status Co',
    plan: 'pro',
    owner: { email: `secret-owner+${tenantId}@example.com`, name: 'Private Owner' },
    requestedBy: 'someone-private',
  };
}

async function start(tenantId: string): Promise<StartJson & { path: string }> {
  const response = await api.call('POST', '/provisioning', { body: tenantInput(tenantId) });
  expect(response.status).toBe(202);
  const json = response.json as StartJson;
  return { ...json, path: new URL(json.statusUrl).pathname };
}

/** Reads a server-sent event stream to its end; returns the events as [event, data]. */
async function readEvents(path: string): Promise<[string, string][]> {
  const response = await api.app.request(path, {}, { incoming: { socket: { remoteAddress: '10.20.0.1' } } as never });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toContain('text/event-stream');
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      return [event, data];
    });
}

describe('the public status of a job', () => {
  const tenantId = uniqueTenantId('status');
  let started: StartJson & { path: string };

  it('streams progress events as the job advances, then end', async () => {
    await api.stack.setLatency({ profile: 'realistic', factor: 0.02 });
    try {
      started = await start(tenantId);
      const events = await readEvents(`${started.path}/events`);
      const progress = events.filter(([event]) => event === 'progress').map(([, data]) => JSON.parse(data));
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress.at(-1)).toMatchObject({ status: 'completed', percent: 100 });
      expect(progress[0].percent).toBeLessThan(100);
      expect(events.at(-1)).toEqual(['end', 'completed']);
    } finally {
      await api.stack.setLatency({ profile: 'zero' });
    }
  });

  it('answers JSON without a credential, showing only name, steps, percent and ETA', async () => {
    const response = await api.call('GET', started.path, { as: 'none', headers: { Accept: 'application/json' } });
    expect(response.status).toBe(200);
    const view = response.json as Record<string, unknown>;
    expect(Object.keys(view).sort()).toEqual([
      'currentStep',
      'estimatedCompletionAt',
      'finishedAt',
      'percent',
      'startedAt',
      'status',
      'steps',
      'tenantName',
    ]);
    expect(view).toMatchObject({ tenantName: 'Acme Status Co', status: 'completed', percent: 100 });
    const text = JSON.stringify(view);
    for (const secret of [
      'secret-owner',
      'Private Owner',
      'someone-private',
      FIXTURE_PRINCIPALS.brain,
      'http',
      tenantId,
    ]) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
  });

  it('answers an HTML page with the progress inlined', async () => {
    const response = await api.app.request(
      started.path,
      {},
      { incoming: { socket: { remoteAddress: '10.20.0.2' } } as never },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<h1>Acme Status Co</h1>');
    expect(html).toContain('EventSource');
    expect(html).not.toContain('secret-owner');
  });

  it('answers 404 to guessed tokens: the tenant ID, the job ID, a random token', async () => {
    for (const guess of [tenantId, started.jobId, 'A'.repeat(43), 'x']) {
      const json = await api.call('GET', `/status/${guess}`, { as: 'none', headers: { Accept: 'application/json' } });
      expect([guess, json.status, (json.json as { error: { code: string } }).error.code]).toEqual([
        guess,
        404,
        'not_found',
      ]);
      const events = await api.call('GET', `/status/${guess}/events`, { as: 'none' });
      expect([guess, events.status]).toEqual([guess, 404]);
      const page = await api.app.request(
        `/status/${guess}`,
        {},
        { incoming: { socket: { remoteAddress: '10.20.0.3' } } as never },
      );
      expect([guess, page.status, page.headers.get('Content-Type')]).toEqual([
        guess,
        404,
        expect.stringContaining('text/html'),
      ]);
    }
  });

  it('expires a retention after the job ended', async () => {
    const expiring = api.callerWith({ statusPage: { retentionMs: 0, pushIntervalMs: 200 } });
    const response = await expiring('GET', started.path, { as: 'none', headers: { Accept: 'application/json' } });
    expect(response.status).toBe(404);
  });

  it('is revoked by an admin (audited), not by brain', async () => {
    const revokePath = `/provisioning/${started.jobId}/status-tokens/revoke`;
    expect((await api.call('POST', revokePath, { as: 'brain' })).status).toBe(403);
    const revoked = await api.call('POST', revokePath, { admin: true });
    expect(revoked.json).toEqual({ jobId: started.jobId, revoked: 1 });
    const after = await api.call('GET', started.path, { as: 'none', headers: { Accept: 'application/json' } });
    expect(after.status).toBe(404);
    const [entry] = await api.stack.store.listAudit({ action: 'status.revoke', target: started.jobId });
    expect(entry).toMatchObject({ actor: FIXTURE_PRINCIPALS.admin, outcome: 'ok' });
  });
});

describe('the status page in headless Chromium', () => {
  let browser: Browser;
  let baseUrl: string;
  let server: ReturnType<typeof serve>;

  beforeAll(async () => {
    server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('advances through the steps without a reload and shows completion', async () => {
    await api.stack.setLatency({ profile: 'realistic', factor: 0.05 });
    try {
      const { path } = await start(uniqueTenantId('status-ui'));
      const page = await browser.newPage();
      // Every status/percent the page shows, recorded in the page as the DOM changes.
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        document.addEventListener('DOMContentLoaded', () => {
          const record = () =>
            seen.push(
              `${document.getElementById('status')?.textContent} ${document.getElementById('percent')?.textContent}`,
            );
          record();
          new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      });
      await page.goto(`${baseUrl}${path}`);
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same-document'));
      await page.waitForSelector('#status[data-status="completed"]', { timeout: 120_000 });

      expect(await page.textContent('#percent')).toBe('100%');
      expect(await page.locator('#steps li.completed').count()).toBe(9);
      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      const percents = [...new Set(seen.map((s) => Number(/(\d+)%/.exec(s)?.[1] ?? -1)))].filter((p) => p >= 0);
      expect(percents.length).toBeGreaterThanOrEqual(3);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      // No reload: the marker set after the first load is still there, and there was one navigation.
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same-document');
      expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
      await page.close();
    } finally {
      await api.stack.setLatency({ profile: 'zero' });
    }
  });

  it('shows the not-found page for a guessed token', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${baseUrl}/status/${'B'.repeat(43)}`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Not found');
    await page.close();
  });
});
