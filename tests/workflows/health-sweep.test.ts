/**
 * healthSweep on the real dev server with intervals of seconds: a site taken down in the sandbox is `down` after one
 * sweep, alerts exactly once after the threshold (email in the sandbox outbox, webhook with a valid signature), stays
 * silent while down (also after a worker restart) and sends one recovery notice when healed; `slow` gives
 * `degraded`; a Cloudflare 429 storm marks nothing down; a failing webhook is retried; a one-instance check; the
 * monitor of the monitor fires when the worker is stopped.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { raiseSweepMissingAlert } from '../../activities';
import { healthSweep, provisionTenant } from '../../workflows';
import { provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import type { HealthSweepResult } from '../../workflows/contracts/health-sweep';
import { HealthFailureType } from '../../workflows/contracts/health-sweep';
import { createProviderClients } from '../../worker/providers';
import { silentLogger } from '../../common/logging';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { tenantInput, uniqueTenantId } from './workflow-test-utils';

const OPS = 'ops@example.com';
const SECRET = 'test-webhook-secret-0123456789';
const THRESHOLD_MS = 3_000;

describe('healthSweep', () => {
  let stack: TestStack;
  let webhook: WebhookReceiver;
  let sweeps = 0;
  const healthy: string[] = [];

  async function sweep(input: { tenantId?: string } = {}): Promise<HealthSweepResult> {
    sweeps += 1;
    return stack.runWorkerUntil(() =>
      stack.client.workflow.execute(healthSweep, {
        taskQueue: stack.taskQueue,
        workflowId: `health-sweep-test-${healthy[0] ?? 'x'}-${sweeps}`,
        args: [input],
      }),
    );
  }

  async function provision(prefix: string): Promise<string> {
    const tenantId = uniqueTenantId(prefix);
    await stack.runWorkerUntil(() =>
      stack.client.workflow.execute(provisionTenant, {
        taskQueue: stack.taskQueue,
        workflowId: provisionWorkflowId(tenantId),
        args: [tenantInput(tenantId)],
      }),
    );
    return tenantId;
  }

  const pagesProject = async (tenantId: string) =>
    (await stack.store.getInstance(tenantId))?.resources.pagesProjectName ?? '';

  async function alertEmails(tenantId: string) {
    const inventory = await stack.inventory();
    return inventory.sendgrid.emails.filter(
      (email) => email.to.includes(OPS) && (email.customArgs.alert_id ?? '').includes(tenantId),
    );
  }
  const hooksFor = (tenantId: string) => webhook.deliveries.filter((d) => d.body.tenantId === tenantId);

  beforeAll(async () => {
    webhook = await startWebhookReceiver(SECRET);
    stack = await startTestStack({
      env: {
        HEALTH_ALERT_THRESHOLD: `${THRESHOLD_MS}ms`,
        HEALTH_SLOW_THRESHOLD: '400ms',
        HEALTH_CHECK_TIMEOUT: '3s',
        HEALTH_SWEEP_INTERVAL: '1s',
        HEALTH_SWEEP_BATCH_SIZE: '2',
        HEALTH_ALERT_EMAILS: OPS,
        HEALTH_ALERT_WEBHOOK_URL: webhook.url,
        HEALTH_ALERT_WEBHOOK_SECRET: SECRET,
      },
    });
    for (const prefix of ['health-a', 'health-b', 'health-c']) healthy.push(await provision(prefix));
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await webhook?.close();
  });

  it('checks every provisioned instance in batches and stores status, checks and last check time', async () => {
    const result = await sweep();
    expect(result.checked).toBe(3);
    expect(result.counts).toEqual({ active: 3, degraded: 0, down: 0, undecided: 0 });
    const instance = await stack.store.getInstance(healthy[0] ?? '');
    expect(instance?.status).toBe('active');
    expect(instance?.lastHealthCheckAt).not.toBeNull();
    const dashboard = await stack.store.getInstancesHealthStatus({ status: 'active' });
    const row = dashboard.instances.find((i) => i.tenantId === healthy[0]);
    expect(row?.checks.map((c) => [c.check, c.result])).toEqual([
      ['convex', 'ok'],
      ['pages', 'ok'],
      ['site', 'ok'],
    ]);
    expect((await stack.store.latestCompletedHealthSweep())?.sweepId).toBe(result.sweepId);
  });

  it('marks a downed site down after one sweep, alerts once after the threshold, then one recovery notice', async () => {
    const tenantId = healthy[0] ?? '';
    await stack.setSiteState(await pagesProject(tenantId), 'down');

    const first = await sweep();
    expect(first.counts.down).toBe(1);
    const down = await stack.store.getInstance(tenantId);
    expect(down).toMatchObject({ status: 'down' });
    const since = down?.unhealthySince ?? '';
    expect(since).not.toBe('');
    expect((await stack.store.listHealthTransitions(tenantId)).map((t) => `${t.fromStatus}>${t.toStatus}`)).toEqual([
      'active>down',
    ]);
    expect(await alertEmails(tenantId)).toHaveLength(0);
    expect(hooksFor(tenantId)).toHaveLength(0);

    await sleep(Math.max(0, Date.parse(since) + THRESHOLD_MS - Date.now()) + 100);
    const alerting = await sweep();
    expect(alerting.alertsRaised).toBe(1);
    const emails = await alertEmails(tenantId);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain(`${tenantId} is down`);
    expect(hooksFor(tenantId)).toEqual([
      expect.objectContaining({
        verified: true,
        alertId: `unhealthy:${tenantId}:${since}`,
        body: expect.objectContaining({ kind: 'unhealthy', status: 'down', unhealthySince: since }),
      }),
    ]);

    await stack.restartWorker(); // alert state lives in the store: a new worker does not alert again
    await sweep();
    await sweep();
    expect(await alertEmails(tenantId)).toHaveLength(1);
    expect(hooksFor(tenantId)).toHaveLength(1);
    expect((await stack.store.getInstance(tenantId))?.unhealthySince).toBe(since);

    await stack.setSiteState(await pagesProject(tenantId), 'up');
    const healed = await sweep();
    expect(healed.counts.down).toBe(0);
    expect(await stack.store.getInstance(tenantId)).toMatchObject({ status: 'active', unhealthySince: null });
    await sweep();
    const all = await alertEmails(tenantId);
    expect(all.map((e) => e.subject)).toEqual([
      expect.stringContaining('is down'),
      `[Brain health] ${tenantId} recovered`,
    ]);
    expect(hooksFor(tenantId).map((d) => [d.body.kind, d.verified])).toEqual([
      ['unhealthy', true],
      ['recovered', true],
    ]);
    expect((await stack.store.listHealthTransitions(tenantId)).map((t) => t.toStatus)).toEqual(['active', 'down']);
  });

  it('marks a slow site degraded', async () => {
    const tenantId = healthy[1] ?? '';
    await stack.setLatency({ profile: 'zero', factor: 0.2 }); // a slow site holds each request 1 s
    await stack.setSiteState(await pagesProject(tenantId), 'slow');
    try {
      await sweep();
      const instance = await stack.store.getInstance(tenantId);
      expect(instance?.status).toBe('degraded');
      const row = (await stack.store.getInstancesHealthStatus({ status: 'degraded' })).instances[0];
      expect(row?.checks.find((c) => c.check === 'site')).toMatchObject({ result: 'slow' });
    } finally {
      await stack.setSiteState(await pagesProject(tenantId), 'up');
      await stack.setLatency({ profile: 'zero', factor: 1 });
    }
    await sweep();
    expect((await stack.store.getInstance(tenantId))?.status).toBe('active');
  });

  it('a Cloudflare 429 storm slows the sweep but marks nothing down or degraded', async () => {
    const brief = await stack.faults.add({ provider: 'cloudflare', kind: 'rate_limit_429', count: 2 });
    const slowed = await sweep();
    expect(await stack.faults.remaining(brief.id)).toBe(0); // both 429s were answered, then the list was read
    expect(slowed.counts).toEqual({ active: 3, degraded: 0, down: 0, undecided: 0 });
    const after = (await stack.store.getInstancesHealthStatus()).instances[0];
    expect(after?.checks.find((c) => c.check === 'pages')).toMatchObject({ result: 'ok' });

    await stack.faults.add({ provider: 'cloudflare', kind: 'rate_limit_429' });
    try {
      const storm = await sweep();
      expect(storm.counts).toEqual({ active: 3, degraded: 0, down: 0, undecided: 0 });
      const row = (await stack.store.getInstancesHealthStatus()).instances[0];
      expect(row?.checks.find((c) => c.check === 'pages')).toMatchObject({ result: 'unknown' });
    } finally {
      await stack.faults.clear();
    }
  }, 60_000);

  it('retries a failing webhook with backoff, then at the next sweep; the email is sent once', async () => {
    const tenantId = healthy[2] ?? '';
    await stack.setSiteState(await pagesProject(tenantId), 'down');
    await sweep();
    const since = (await stack.store.getInstance(tenantId))?.unhealthySince ?? '';
    await sleep(Math.max(0, Date.parse(since) + THRESHOLD_MS - Date.now()) + 100);

    webhook.failNext(3); // every attempt of this sweep's delivery
    const failing = await sweep();
    expect(failing.alertsRaised).toBe(1);
    expect(await alertEmails(tenantId)).toHaveLength(1);
    expect(hooksFor(tenantId)).toHaveLength(0);
    const [pending] = await stack.store.listHealthAlerts({ tenantId, undelivered: true });
    expect(pending).toMatchObject({ emailState: 'sent', webhookState: 'pending', webhookAttempts: 1 });

    webhook.failNext(1); // the next sweep's first attempt fails, its second (after the backoff) arrives
    await sweep();
    expect(hooksFor(tenantId).map((d) => [d.body.kind, d.verified])).toEqual([['unhealthy', true]]);
    expect(await alertEmails(tenantId)).toHaveLength(1);
    expect(await stack.store.listHealthAlerts({ tenantId, undelivered: true })).toEqual([]);

    await stack.setSiteState(await pagesProject(tenantId), 'up');
    await sweep();
    expect((await stack.store.getInstance(tenantId))?.status).toBe('active');
  });

  it('checks one instance on demand, and refuses one that is not provisioned', async () => {
    const tenantId = healthy[2] ?? '';
    const live = await sweep({ tenantId });
    expect(live.checked).toBe(1);
    expect(live.instances?.map((i) => [i.tenantId, i.status, i.checks.length])).toEqual([[tenantId, 'active', 3]]);

    await expect(sweep({ tenantId: 'no-such-tenant' })).rejects.toMatchObject({
      cause: { cause: { type: HealthFailureType.InstanceNotCheckable } },
    });
  });

  it('raises the missing-sweep alert once when sweeps stop completing (worker stopped)', async () => {
    const deps = {
      store: stack.store,
      providers: createProviderClients(stack.config, silentLogger),
      config: stack.config,
      logger: silentLogger,
    };
    await sweep();
    const watchingSince = new Date();
    expect(await raiseSweepMissingAlert(deps, watchingSince)).toBe(false);

    await stack.stopWorker();
    const handle = await stack.client.workflow.start(healthSweep, {
      taskQueue: stack.taskQueue,
      workflowId: `health-sweep-test-stopped-${healthy[0]}`,
      args: [{}],
    });
    await sleep(3 * stack.config.health.sweepIntervalMs + 200);
    expect(await raiseSweepMissingAlert(deps, watchingSince)).toBe(true);
    expect(await raiseSweepMissingAlert(deps, watchingSince)).toBe(false);
    const inventory = await stack.inventory();
    expect(inventory.sendgrid.emails.filter((e) => e.subject.includes('no health sweep completed'))).toHaveLength(1);
    expect(webhook.deliveries.filter((d) => d.body.kind === 'sweep_missing' && d.verified)).toHaveLength(1);
    await handle.terminate('test over');
  });
});
