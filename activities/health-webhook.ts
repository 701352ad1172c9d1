/**
 * The alert webhook: a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (timestamp in Unix seconds),
 * sent as `X-Brain-Signature: t=<timestamp>,v1=<hex digest>` with `X-Brain-Alert-Id`. A receiver recomputes the
 * digest with the shared secret (HEALTH_ALERT_WEBHOOK_SECRET), compares in constant time and rejects old timestamps.
 * Retried with exponential backoff inside one delivery; what still fails is retried by the next sweep.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FetchFn } from './http';

export const SIGNATURE_HEADER = 'x-brain-signature';
export const ALERT_ID_HEADER = 'x-brain-alert-id';

/** `t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/** Checks a signature header against the body; `toleranceSeconds` bounds its age (replay protection). */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookDelivery {
  url: string;
  secret: string;
  alertId: string;
  payload: unknown;
  fetch: FetchFn;
  /** Attempts within this delivery and the first backoff (doubled each time). */
  attempts?: number;
  initialBackoffMs?: number;
  now?: () => Date;
}

/** POSTs the signed payload until a 2xx, with backoff; throws the last failure. */
export async function postSignedWebhook(delivery: WebhookDelivery): Promise<void> {
  const attempts = delivery.attempts ?? 3;
  let backoffMs = delivery.initialBackoffMs ?? 500;
  const body = JSON.stringify(delivery.payload);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const timestamp = Math.floor((delivery.now?.() ?? new Date()).getTime() / 1000);
    try {
      const response = await delivery.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(delivery.secret, timestamp, body),
          [ALERT_ID_HEADER]: delivery.alertId,
        },
        body,
      });
      await response.arrayBuffer();
      if (response.ok) return;
      lastError = new Error(`webhook answered ${response.status}`);
    } catch (err) {
      lastError = err;
    }
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs *= 2;
    }
  }
  throw lastError;
}
