/**
 * Thin SendGrid v3 Mail Send client over the instrumented fetch (one endpoint: `POST /v3/mail/send`). Chosen over
 * `@sendgrid/mail` because that SDK uses axios (outside the instrumented fetch) and resets its base URL on
 * `setApiKey`. Errors are {@link HttpError} carrying the `{errors:[{message}]}` body and the X-RateLimit headers.
 */
import { joinUrl, requestJson, type FetchFn } from './http';

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
  fetch: FetchFn;
}

/** Builds the mailer; every request carries `Authorization: Bearer <apiKey>`. */
export function createSendGridMailer(options: SendGridClientOptions): Mailer {
  const url = joinUrl(options.baseUrl, '/v3/mail/send');
  return {
    async send(message) {
      let statusCode = 0;
      let messageId: string | null = null;
      const capture: FetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
        const response = await options.fetch(input, init);
        statusCode = response.status;
        messageId = response.headers.get('x-message-id');
        return response;
      }) as FetchFn;
      await requestJson<unknown>(capture, {
        method: 'POST',
        url,
        headers: { Authorization: `Bearer ${options.apiKey}` },
        body: {
          personalizations: [{ to: [message.to] }],
          from: message.from,
          subject: message.subject,
          content: [
            { type: 'text/plain', value: message.text },
            { type: 'text/html', value: message.html },
          ],
          categories: message.categories,
          custom_args: message.customArgs,
        },
      });
      return { statusCode, messageId };
    },
  };
}
