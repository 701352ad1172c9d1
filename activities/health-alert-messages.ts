/**
 * The health alerts (docs/RUNBOOK.md, Alerts): their deterministic IDs, the JSON message sent to the webhook, and
 * the email rendered from it. Kinds: `unhealthy` (an instance unhealthy longer than its threshold), `recovered`
 * (healthy again after an alert), `sweep_missing` (no sweep completed for three intervals).
 */
import type { HealthCheck, HealthStatus } from '../workflows/contracts/health-sweep';
import type { HealthConfig } from '../common/config';
import type { HealthAlertKind, NewHealthAlert } from '../store/port';

interface AlertInstance {
  tenantId: string;
  name: string;
  plan: string;
}

function deliveryStates(config: HealthConfig): Pick<NewHealthAlert, 'emailState' | 'webhookState'> {
  return {
    emailState: config.alertEmails.length > 0 ? 'pending' : 'not_configured',
    webhookState: config.webhook ? 'pending' : 'not_configured',
  };
}

/** An alert about one instance; its message carries the instance, its status and episode, and `details`. */
function instanceAlert(
  config: HealthConfig,
  kind: 'unhealthy' | 'recovered',
  instance: AlertInstance,
  status: HealthStatus,
  since: string,
  raisedAt: string,
  details: Record<string, unknown>,
): NewHealthAlert {
  const { tenantId, name, plan } = instance;
  return {
    alertId: `${kind}:${tenantId}:${since}`,
    tenantId,
    kind,
    status,
    since,
    raisedAt,
    ...deliveryStates(config),
    message: { kind, tenantId, name, plan, status, unhealthySince: since, raisedAt, ...details },
  };
}

/** An instance unhealthy since `since`, longer than its threshold. */
export function unhealthyAlert(
  config: HealthConfig,
  instance: AlertInstance,
  status: Exclude<HealthStatus, 'active'>,
  since: string,
  checks: readonly HealthCheck[],
  raisedAt: string,
): NewHealthAlert {
  return instanceAlert(config, 'unhealthy', instance, status, since, raisedAt, {
    thresholdMs: config.alertThresholdMs[status],
    failingChecks: checks
      .filter((check) => check.result !== 'ok')
      .map((check) => ({ check: check.check, result: check.result, detail: check.detail })),
  });
}

/** The recovery notice of the episode that began at `since`. */
export function recoveredAlert(
  config: HealthConfig,
  instance: AlertInstance,
  since: string,
  checks: readonly HealthCheck[],
  raisedAt: string,
): NewHealthAlert {
  return instanceAlert(config, 'recovered', instance, 'active', since, raisedAt, {
    recoveredAt: raisedAt,
    checks: checks.map((check) => ({ check: check.check, result: check.result, latencyMs: check.latencyMs })),
  });
}

/** No sweep has completed since `lastCompletedAt` (null: none ever, counted from `since`). */
export function sweepMissingAlert(
  config: HealthConfig,
  lastCompletedAt: string | null,
  since: string,
  raisedAt: string,
): NewHealthAlert {
  return {
    alertId: `sweep_missing:${lastCompletedAt ?? `never:${since}`}`,
    tenantId: null,
    kind: 'sweep_missing',
    status: null,
    since,
    raisedAt,
    ...deliveryStates(config),
    message: {
      kind: 'sweep_missing',
      lastCompletedSweepAt: lastCompletedAt,
      sweepIntervalMs: config.sweepIntervalMs,
      raisedAt,
    },
  };
}

const SUBJECTS: Record<HealthAlertKind, (message: Record<string, unknown>) => string> = {
  unhealthy: (m) => `[Brain health] ${String(m.tenantId)} is ${String(m.status)} since ${String(m.unhealthySince)}`,
  recovered: (m) => `[Brain health] ${String(m.tenantId)} recovered`,
  sweep_missing: (m) =>
    `[Brain health] no health sweep completed since ${String(m.lastCompletedSweepAt ?? 'the monitor started')}`,
};

/** Subject and text/HTML bodies of an alert email: the subject line and the message as readable JSON. */
export function renderAlertEmail(kind: HealthAlertKind, message: Record<string, unknown>) {
  const subject = SUBJECTS[kind](message);
  const json = JSON.stringify(message, null, 2);
  const escaped = json.replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch] ?? ch);
  return {
    subject,
    text: `${subject}\n\n${json}\n`,
    html: `<p>${subject.replace(/[&<>]/g, '')}</p><pre>${escaped}</pre>`,
  };
}
