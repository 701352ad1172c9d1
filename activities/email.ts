/**
 * sendEmail: at most one send per idempotency key, whatever the activity retries. The key is reserved in the store
 * (`sending`) before the SendGrid call and marked `sent` after its 2xx; a key already `sent` returns
 * `{sent: false, duplicate: true}` without calling SendGrid. A key left `sending` by a crashed attempt is sent
 * again (at-least-once beats never for the owner's emails); the provider sees the key in `custom_args`.
 */
import type { SendEmailInput, SendEmailResult } from './contract';
import type { ActivityDeps } from './deps';
import { renderEmail } from './email-templates';
import { SendEmailInputSchema } from './input-schemas';
import { nowOf, parseInput, providerCall, runActivity } from './provider-call';

/** Sends the email of `kind` once per `idempotencyKey` (categories `provisioning` and the kind). */
export async function sendEmail(deps: ActivityDeps, rawInput: SendEmailInput): Promise<SendEmailResult> {
  const input = parseInput(SendEmailInputSchema, rawInput, 'sendEmail');
  return runActivity(deps, 'sendEmail', async (scope) => {
    const existing = await deps.store.getEmail(input.idempotencyKey);
    if (existing?.state === 'sent') {
      scope.logger.info('email already sent', { idempotencyKey: input.idempotencyKey, kind: input.kind });
      return { sent: false, duplicate: true, attempt: scope.attempt };
    }
    if (!existing) {
      const reserved = await deps.store.reserveEmail({
        idempotencyKey: input.idempotencyKey,
        jobId: input.jobId,
        tenantId: input.tenantId,
        kind: input.kind,
        toEmail: input.to.email,
        createdAt: nowOf(deps).toISOString(),
      });
      if (!reserved && (await deps.store.getEmail(input.idempotencyKey))?.state === 'sent') {
        return { sent: false, duplicate: true, attempt: scope.attempt };
      }
    }
    const rendered = renderEmail(input.kind, input.to.name, {
      supportUrl: deps.config.provisioning.supportUrl,
      gettingStartedUrl: deps.config.provisioning.gettingStartedUrl,
      ...input.data,
    });
    const result = await providerCall(scope, 'sendgrid', 'send', () =>
      deps.providers.mail.send({
        to: { email: input.to.email, ...(input.to.name ? { name: input.to.name } : {}) },
        from: { email: deps.config.providers.sendgrid.from, name: 'Brain' },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        categories: ['provisioning', input.kind],
        // SendGrid's Mail Send takes no request headers of ours: the correlation ID travels as a custom arg, which
        // SendGrid keeps with the message and returns in its event webhooks.
        customArgs: { idempotency_key: input.idempotencyKey, job_id: input.jobId, correlation_id: scope.correlationId },
      }),
    );
    await deps.store.markEmailSent(input.idempotencyKey, result.messageId, nowOf(deps).toISOString());
    scope.logger.info('email sent', { idempotencyKey: input.idempotencyKey, kind: input.kind });
    return { sent: true, duplicate: false, attempt: scope.attempt };
  });
}
