/**
 * SendGrid v3 Mail Send through the official `@sendgrid/mail` (its own `MailService`, so no process-wide state).
 * The base URL is set after the API key, since `setApiKey` resets it (`@sendgrid/client`); retries are Temporal's,
 * the SDK makes none. The SDK uses axios, outside the instrumented fetch, so this module logs (with the call scope's
 * logger: correlation ID, job, step, attempt), measures and traces each call itself (a client span, without
 * `traceparent`: the SDK takes no request headers of ours), and turns the SDK's `ResponseError` into an
 * {@link HttpError} (status, headers, `{errors:[…]}` body) for the one error classifier.
 */
import { MailService } from '@sendgrid/mail';
import type { Logger } from '../common/logging';
import { traceProviderOperation } from '../tracing/provider-call-span';
import { currentScope } from './call-context';
import { HttpError } from './http';
import {
  errorKindOfStatus,
  errorKindOfThrown,
  observeProviderCall,
  type ProviderErrorKind,
} from './prometheus-metrics';

export interface MailAddress {
  email: string;
  name?: string;
}

export interface MailMessage {
  to: MailAddress;
  from: MailAddress;
  subject: string;
  text: string;
  html: string;
  categories: string[];
  customArgs: Record<string, string>;
}

export interface MailSendResult {
  statusCode: number;
  /** `X-Message-Id` of the accepted message, when the provider returns one. */
  messageId: string | null;
}

export interface Mailer {
  send(message: MailMessage): Promise<MailSendResult>;
}

export interface SendGridClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  logger: Logger;
}

interface SendGridResponseError {
  code: number;
  message: string;
  response?: { headers?: Record<string, string>; body?: unknown };
}

function isResponseError(err: unknown): err is SendGridResponseError {
  return (
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number' && 'response' in err
  );
}

/** The SDK's errors in the shapes the classifier knows: HTTP answers as HttpError, axios timeouts as TimeoutError. */
function normalized(err: unknown): unknown {
  if (isResponseError(err)) {
    const headers = new Headers();
    for (const [k, v] of Object.entries(err.response?.headers ?? {})) if (typeof v === 'string') headers.set(k, v);
    return new HttpError(err.code, headers, err.response?.body, 'POST', '/v3/mail/send');
  }
  if ((err as { code?: unknown } | null)?.code === 'ECONNABORTED') {
    return Object.assign(new Error('SendGrid request timed out', { cause: err }), { name: 'TimeoutError' });
  }
  return err;
}

/** The one call this client makes, as the HTTP clients' log lines name theirs. */
const CALL = { provider: 'sendgrid', operation: 'send', method: 'POST', path: '/v3/mail/send' } as const;

/** Records one Mail Send in the provider series (operation: the activity's, e.g. `send`). */
function observeMailSend(operation: string, started: number, error: ProviderErrorKind | undefined): void {
  observeProviderCall({ provider: 'sendgrid', operation, durationMs: Date.now() - started, error });
}

/** Builds the mailer over `@sendgrid/mail`; every request carries `Authorization: Bearer <apiKey>`. */
export function createSendGridMailer(options: SendGridClientOptions): Mailer {
  const mail = new MailService();
  mail.setApiKey(options.apiKey);
  mail.setTimeout(options.timeoutMs);
  (mail as unknown as { client: { setDefaultRequest(key: 'baseUrl', value: string): void } }).client.setDefaultRequest(
    'baseUrl',
    options.baseUrl.replace(/\/*$/, '/'),
  );
  const spanAttributes = {
    'http.request.method': CALL.method,
    'server.address': new URL(options.baseUrl).hostname,
    'url.path': CALL.path,
  };
  return {
    async send(message) {
      const started = Date.now();
      const operation = currentScope()?.operation ?? 'send';
      try {
        const [response] = await traceProviderOperation(
          'sendgrid',
          operation,
          () =>
            mail.send({
              to: message.to,
              from: message.from,
              subject: message.subject,
              content: [
                { type: 'text/plain', value: message.text },
                { type: 'text/html', value: message.html },
              ],
              categories: message.categories,
              customArgs: message.customArgs,
            }),
          ([answer]) => ({
            failed: answer.statusCode >= 400,
            attributes: { 'http.response.status_code': answer.statusCode },
          }),
          spanAttributes,
        );
        const headers = response.headers as Record<string, string | undefined>;
        const messageId = headers['x-message-id'] ?? null;
        (currentScope()?.logger ?? options.logger).info('provider call', {
          ...CALL,
          status: response.statusCode,
          durationMs: Date.now() - started,
        });
        observeMailSend(operation, started, errorKindOfStatus(response.statusCode));
        return { statusCode: response.statusCode, messageId };
      } catch (err) {
        const failure = normalized(err);
        (currentScope()?.logger ?? options.logger).warn('provider call failed', {
          ...CALL,
          status: failure instanceof HttpError ? failure.status : null,
          durationMs: Date.now() - started,
        });
        observeMailSend(
          operation,
          started,
          failure instanceof HttpError ? errorKindOfStatus(failure.status) : errorKindOfThrown(failure),
        );
        throw failure;
      }
    },
  };
}
