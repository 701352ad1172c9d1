/**
 * SendGrid v3 Mail Send (`POST /v3/mail/send`): validates like SendGrid, answers 202 with an empty body and an
 * `X-Message-Id`, captures the mail into the outbox (the inventory shows it). In sandbox mode
 * (`mail_settings.sandbox_mode.enable: true`) it only validates and answers 200. Auth: `Bearer SG.…`. Only verified
 * senders may send (the sandbox's `verifiedSenders`); any other `from` gets SendGrid's 403.
 */
import { Hono } from 'hono';
import type { SandboxContext } from '../context';
import { authToken, empty, json } from '../http';
import { sendgridMessageId } from '../ids';
import { operation, type FaultResponder, type SandboxEnv } from '../operation';
import type { CapturedEmail } from '../records';
import { MailSendBody, mailSendErrors, schemaErrors, type SendgridError } from './sendgrid-validation';

function rateLimitHeaders(remaining: number): Record<string, string> {
  return {
    'x-ratelimit-limit': '600',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
  };
}

function sendgridErrors(status: number, errors: SendgridError[], headers: Record<string, string> = {}) {
  return json(status, { errors }, { ...rateLimitHeaders(599), ...headers });
}

const unauthorized = () =>
  sendgridErrors(401, [
    { message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null },
  ]);

/** SendGrid's answer to a `from` that is not a verified Sender Identity (single sender or authenticated domain). */
const unverifiedSender = () =>
  sendgridErrors(403, [
    {
      message:
        'The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements',
      field: 'from',
      help: null,
    },
  ]);

const sendgridFaultResponse: FaultResponder = (kind) => {
  switch (kind) {
    case 'error_500':
      return sendgridErrors(500, [{ message: 'internal server error', field: null, help: null }]);
    case 'rate_limit_429':
      return json(
        429,
        { errors: [{ field: null, message: 'too many requests' }] },
        { ...rateLimitHeaders(0), 'retry-after': '1' },
      );
    case 'unauthorized_401':
      return unauthorized();
    case 'quota_exceeded':
      return sendgridErrors(403, [
        { message: 'Maximum credits exceeded', field: null, help: 'https://sendgrid.com/pricing' },
      ]);
  }
};

function capture(body: MailSendBody, messageId: string, receivedAt: string): CapturedEmail {
  const personalizations = body.personalizations ?? [];
  const emails = (kind: 'to' | 'cc' | 'bcc') => personalizations.flatMap((p) => (p[kind] ?? []).map((a) => a.email));
  const contentOf = (type: string) => body.content?.find((b) => b.type === type)?.value ?? null;
  const customArgs = Object.assign({}, body.custom_args, ...personalizations.map((p) => p.custom_args ?? {}));
  return {
    messageId,
    to: emails('to'),
    cc: emails('cc'),
    bcc: emails('bcc'),
    from: body.from?.email ?? '',
    subject: personalizations[0]?.subject ?? body.subject ?? '',
    text: contentOf('text/plain'),
    html: contentOf('text/html'),
    templateId: body.template_id ?? null,
    dynamicTemplateData: personalizations[0]?.dynamic_template_data ?? null,
    categories: body.categories ?? [],
    customArgs,
    receivedAt,
  };
}

/** The Mail Send route (`/v3/mail/send`), to be mounted at the root. */
export function sendgridRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.post(
    '/v3/mail/send',
    operation(ctx, 'sendgrid', 'send', sendgridFaultResponse, async (c) => {
      const key = authToken(c, 'Bearer');
      if (!key || !key.startsWith('SG.')) return unauthorized();
      let raw: unknown;
      try {
        raw = JSON.parse(await c.req.text());
      } catch {
        return sendgridErrors(400, [{ message: 'Bad Request', field: null, help: null }]);
      }
      const parsed = MailSendBody.safeParse(raw);
      if (!parsed.success) return sendgridErrors(400, schemaErrors(parsed.error));
      const errors = mailSendErrors(parsed.data);
      if (errors.length > 0) return sendgridErrors(400, errors);
      if (!ctx.verifiedSenders.has((parsed.data.from?.email ?? '').toLowerCase())) return unverifiedSender();
      if (parsed.data.mail_settings?.sandbox_mode?.enable === true) return empty(200, rateLimitHeaders(599));
      const messageId = sendgridMessageId();
      const receivedAt = new Date(ctx.sleeper.now()).toISOString();
      ctx.state.data.sendgrid.emails.push(capture(parsed.data, messageId, receivedAt));
      ctx.state.commit();
      return empty(202, { 'x-message-id': messageId, ...rateLimitHeaders(599) });
    }),
  );
  return app;
}
