/**
 * Operator alerts: something a person must act on that no job will fix by itself (first kind: a live tenant's
 * owner never got the ready and welcome emails). An alert is stored once per idempotency key, logged at error level,
 * counted in `tenant_orchestrator_operator_alerts_total{kind}`, and emailed to OPS_ALERT_EMAIL when one is set. The
 * stored record is what counts: a failing ops email (SendGrid may be the very cause) is logged, not retried forever.
 */
import { renderOperatorAlert } from './email-templates';
import type { RaiseOperatorAlertInput } from './contract';
import type { ActivityDeps } from './deps';
import { RaiseOperatorAlertInputSchema } from './input-schemas';
import { operatorAlertsTotal } from './prometheus-metrics';
import { nowOf, parseInput, providerCall, runActivity } from './provider-call';

export async function raiseOperatorAlert(deps: ActivityDeps, rawInput: RaiseOperatorAlertInput): Promise<void> {
  const input = parseInput(RaiseOperatorAlertInputSchema, rawInput, 'raiseOperatorAlert');
  return runActivity(deps, 'raiseOperatorAlert', async (scope) => {
    const createdAt = nowOf(deps).toISOString();
    const recorded = await deps.store.recordOperatorAlert({
      idempotencyKey: input.idempotencyKey,
      kind: input.kind,
      jobId: input.jobId,
      tenantId: input.tenantId,
      message: input.message,
      createdAt,
    });
    if (!recorded) return; // an earlier attempt raised it
    operatorAlertsTotal.inc({ kind: input.kind });
    scope.logger.error('operator alert', { alert: input.kind, tenantId: input.tenantId, detail: input.message });
    const to = deps.config.provisioning.opsAlertEmail;
    if (!to) return;
    const rendered = renderOperatorAlert({ ...input, createdAt });
    try {
      await providerCall(scope, 'sendgrid', 'send', () =>
        deps.providers.mail.send({
          to: { email: to },
          from: { email: deps.config.providers.sendgrid.from, name: 'Brain provisioning' },
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          categories: ['operator-alert', input.kind],
          customArgs: { idempotency_key: `ops:${input.idempotencyKey}`, job_id: input.jobId },
        }),
      );
    } catch (err) {
      scope.logger.error('operator alert email not sent (the alert is stored)', {
        alert: input.kind,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  });
}
