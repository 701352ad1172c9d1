/**
 * Delivery of health alerts, from the store's outbox (`health_alerts`): each channel of each alert is sent until it
 * succeeds, then marked `sent`, so an activity retry, a worker restart or the next sweep never sends it twice and
 * never loses it. Also the monitor of the monitor: `raiseSweepMissingAlert` raises one alert when no sweep has
 * completed for three intervals.
 */
import { Context } from '@temporalio/activity';
import type { DeliverHealthAlertsInput, DeliverHealthAlertsResult } from './contract';
import type { ActivityDeps } from './deps';
import { renderAlertEmail, sweepMissingAlert } from './health-alert-messages';
import { postSignedWebhook } from './health-webhook';
import { inActivity } from './call-context';
import { DeliverHealthAlertsInputSchema } from './health-input-schemas';
import { countHealthAlertSent } from './prometheus-metrics';
import { nowOf, parseInput, runActivity } from './provider-call';
import type { HealthAlertRecord } from '../store/port';

/** Alerts delivered per activity run (a fleet-wide outage); the rest wait for the next sweep. */
const DELIVERY_BATCH = 2_000;

/** Channels that failed in this run: the rest of the run leaves them pending instead of waiting on each alert. */
interface FailedChannels {
  email: boolean;
  webhook: boolean;
}

export type AlertDeliveryDeps = Pick<ActivityDeps, 'store' | 'providers' | 'config' | 'logger' | 'now'>;

async function deliverOne(deps: AlertDeliveryDeps, alert: HealthAlertRecord, failed: FailedChannels): Promise<boolean> {
  const health = deps.config.health;
  let delivered = true;
  if (alert.emailState === 'pending' && failed.email) delivered = false;
  else if (alert.emailState === 'pending') {
    const rendered = renderAlertEmail(alert.kind, alert.message);
    try {
      for (const email of health.alertEmails) {
        await deps.providers.mail.send({
          to: { email },
          from: { email: deps.config.providers.sendgrid.from, name: 'Brain health' },
          ...rendered,
          categories: ['health', alert.kind],
          customArgs: { alert_id: alert.alertId },
        });
      }
      await deps.store.updateHealthAlertDelivery(alert.alertId, { emailState: 'sent' });
      countHealthAlertSent('email', alert.kind);
    } catch (err) {
      delivered = false;
      failed.email = true;
      await deps.store.updateHealthAlertDelivery(alert.alertId, { lastError: `email: ${String(err)}`.slice(0, 500) });
    }
  }
  if (alert.webhookState === 'pending' && failed.webhook) delivered = false;
  else if (alert.webhookState === 'pending' && health.webhook) {
    try {
      await postSignedWebhook({
        url: health.webhook.url,
        secret: health.webhook.secret,
        alertId: alert.alertId,
        payload: { alertId: alert.alertId, ...alert.message },
        fetch: deps.providers.fetch,
        ...(deps.now ? { now: deps.now } : {}),
      });
      await deps.store.updateHealthAlertDelivery(alert.alertId, {
        webhookState: 'sent',
        webhookAttempts: alert.webhookAttempts + 1,
      });
      countHealthAlertSent('webhook', alert.kind);
    } catch (err) {
      delivered = false;
      failed.webhook = true;
      await deps.store.updateHealthAlertDelivery(alert.alertId, {
        webhookAttempts: alert.webhookAttempts + 1,
        lastError: `webhook: ${String(err)}`.slice(0, 500),
      });
    }
  }
  if (delivered) deps.logger.info('health alert delivered', { alertId: alert.alertId, kind: alert.kind });
  else deps.logger.warn('health alert not delivered yet', { alertId: alert.alertId, kind: alert.kind });
  return delivered;
}

/**
 * Sends every undelivered alert (oldest first). A channel that fails (after its retries) is not tried again in this
 * run: its alerts stay pending for the next one, so a dead webhook endpoint delays no email and no sweep.
 */
export async function deliverPendingAlerts(deps: AlertDeliveryDeps): Promise<DeliverHealthAlertsResult> {
  const pending = await deps.store.listHealthAlerts({ undelivered: true, limit: DELIVERY_BATCH });
  const failed: FailedChannels = { email: false, webhook: false };
  let delivered = 0;
  for (const alert of pending) {
    if (inActivity()) Context.current().heartbeat({ alertId: alert.alertId });
    if (await deliverOne(deps, alert, failed)) delivered += 1;
  }
  return { delivered, pending: pending.length - delivered };
}

/** Activity: the sweep's alert delivery. */
export function deliverHealthAlerts(
  deps: ActivityDeps,
  rawInput: DeliverHealthAlertsInput,
): Promise<DeliverHealthAlertsResult> {
  const input = parseInput(DeliverHealthAlertsInputSchema, rawInput, 'deliverHealthAlerts');
  return runActivity(deps, 'deliverHealthAlerts', async (scope) => {
    const result = await deliverPendingAlerts({ ...deps, logger: scope.logger });
    scope.logger.info('health alerts delivered', { sweepId: input.sweepId, ...result });
    return result;
  });
}

/**
 * The monitor of the monitor, run outside the worker (the API process, every sweep interval): when the last
 * completed sweep is older than three intervals (or none completed within three intervals of `watchingSince`),
 * raises one `sweep_missing` alert per silence and delivers it. Returns whether an alert was raised now.
 */
export async function raiseSweepMissingAlert(deps: AlertDeliveryDeps, watchingSince: Date): Promise<boolean> {
  const now = nowOf(deps);
  const limitMs = 3 * deps.config.health.sweepIntervalMs;
  const last = await deps.store.latestCompletedHealthSweep();
  const since = last?.completedAt ?? watchingSince.toISOString();
  if (now.getTime() - Date.parse(since) < limitMs) return false;
  const alert = sweepMissingAlert(deps.config.health, last?.completedAt ?? null, since, now.toISOString());
  const raised = await deps.store.raiseHealthAlert(alert);
  if (raised) deps.logger.warn('no health sweep completed for three intervals', { lastCompletedAt: since });
  await deliverPendingAlerts(deps);
  return raised;
}
