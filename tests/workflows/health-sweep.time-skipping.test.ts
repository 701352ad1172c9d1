/**
 * Health sweeps with the real defaults (a sweep every 5 minutes, alerts after 10 minutes) on Temporal's time-skipping
 * test server: the same workflow and activities against the sandbox, no duration shortened. The test server has no
 * schedules, so the test plays the schedule: a sweep, then 5 skipped minutes, and again. A site taken down is `down`
 * at the next sweep, alerts at the sweep 10 minutes later (one email, one signed webhook), not before and not again,
 * and sends one recovery notice at the first sweep after it heals.
 */
import { Client } from '@temporalio/client';
import { healthSweep, provisionTenant } from '../../workflows';
import { provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import { startTimeSkippingStack, type TimeSkippingStack } from '../helpers/time-skipping';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { tenantInput, uniqueTenantId } from './workflow-test-utils';

const MINUTE_MS = 60_000;
const OPS = 'oncall@example.com';
const SECRET = 'time-skipping-webhook-secret';

describe('health sweeps with the real defaults (time-skipping server)', () => {
  let stack: TimeSkippingStack;
  let webhook: WebhookReceiver;
  let plainClient: Client;
  let sweeps = 0;

  beforeAll(async () => {
    webhook = await startWebhookReceiver(SECRET);
    // Only recipients: every health duration is its default.
    stack = await startTimeSkippingStack('health-ts', {
      HEALTH_ALERT_EMAILS: OPS,
      HEALTH_ALERT_WEBHOOK_URL: webhook.url,
      HEALTH_ALERT_WEBHOOK_SECRET: SECRET,
    });
    plainClient = new Client({ connection: stack.env.connection, namespace: stack.env.namespace ?? 'default' });
  });

  afterAll(async () => {
    await stack?.close();
    await webhook?.close();
  });

  /**
   * One sweep, through a plain client: the test environment's client unlocks time skipping while it awaits a result,
   * and the server then skips years ahead; time must move only by `env.sleep`, as the schedule would move it.
   */
  async function sweep() {
    const handle = await plainClient.workflow.start(healthSweep, {
      taskQueue: stack.taskQueue,
      workflowId: `health-sweep-ts-${stack.taskQueue}-${++sweeps}`,
      args: [{}],
    });
    return handle.result();
  }

  /** The schedule's next run: the default interval passes, then a sweep. */
  async function nextScheduledSweep() {
    await stack.env.sleep(stack.config.health.sweepIntervalMs);
    return sweep();
  }

  async function alertsOf(tenantId: string) {
    const emails = (await stack.control.inventory()).sendgrid.emails.filter(
      (email) => email.to.includes(OPS) && (email.customArgs.alert_id ?? '').includes(tenantId),
    );
    const hooks = webhook.deliveries.filter((d) => d.body.tenantId === tenantId);
    return { emails, hooks };
  }

  it('detects at the next sweep, alerts once at 10 minutes, recovers once', async () => {
    expect(stack.config.health.sweepIntervalMs).toBe(5 * MINUTE_MS);
    expect(stack.config.health.alertThresholdMs).toEqual({ down: 10 * MINUTE_MS, degraded: 10 * MINUTE_MS });

    const tenantId = uniqueTenantId('health-ts');
    await stack.env.client.workflow.execute(provisionTenant, {
      taskQueue: stack.taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    expect((await sweep()).counts).toMatchObject({ active: 1, down: 0 });

    await stack.control.setSiteState(`tenant-${tenantId}`, 'down');
    const detected = await nextScheduledSweep();
    expect(detected.counts.down).toBe(1);
    const since = (await stack.store.getInstance(tenantId))?.unhealthySince ?? '';

    expect((await nextScheduledSweep()).alertsRaised).toBe(0); // 5 minutes down: below the threshold
    expect(await alertsOf(tenantId)).toEqual({ emails: [], hooks: [] });

    const alerting = await nextScheduledSweep(); // 10 minutes down
    expect(alerting.alertsRaised).toBe(1);
    const { emails, hooks } = await alertsOf(tenantId);
    expect(emails).toHaveLength(1);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.verified).toBe(true);
    const raisedAt = String(hooks[0]?.body.raisedAt);
    // Two skipped intervals, plus the real milliseconds the sweeps themselves took.
    const downForMs = Date.parse(raisedAt) - Date.parse(since);
    expect(downForMs).toBeGreaterThanOrEqual(10 * MINUTE_MS);
    expect(downForMs).toBeLessThan(11 * MINUTE_MS);

    await nextScheduledSweep();
    await nextScheduledSweep();
    expect((await alertsOf(tenantId)).emails).toHaveLength(1);

    await stack.control.setSiteState(`tenant-${tenantId}`, 'up');
    expect((await nextScheduledSweep()).counts).toMatchObject({ active: 1, down: 0 });
    await nextScheduledSweep();
    const after = await alertsOf(tenantId);
    expect(after.emails.map((e) => e.subject)).toEqual([
      expect.stringContaining('is down'),
      `[Brain health] ${tenantId} recovered`,
    ]);
    expect(after.hooks.map((h) => [h.body.kind, h.verified])).toEqual([
      ['unhealthy', true],
      ['recovered', true],
    ]);
  });
});
