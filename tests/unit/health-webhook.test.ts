/** The alert webhook's signature (activities/health-webhook.ts): what a receiver verifies. */
import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from '../../activities/health-webhook';

const SECRET = 'a-webhook-secret-of-some-length';
const BODY = JSON.stringify({ kind: 'unhealthy', tenantId: 'acme' });

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", in hex, with the timestamp', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, 1_700_000_000, BODY)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies a fresh signature and rejects a changed body, another secret or an old timestamp', () => {
    const header = signWebhook(SECRET, 1_700_000_000, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1_700_000_010)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, `${BODY} `, 1_700_000_010)).toBe(false);
    expect(verifyWebhookSignature('another-secret-entirely', header, BODY, 1_700_000_010)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, 1_700_000_000 + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, BODY, 1_700_000_000)).toBe(false);
  });
});
