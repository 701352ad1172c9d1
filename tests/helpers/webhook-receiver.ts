/**
 * A webhook receiver for tests, on 127.0.0.1 in the test process: it checks each request's `X-Brain-Signature`
 * (HMAC-SHA256 over `<timestamp>.<body>`, computed here independently of the sender's code) and keeps every
 * delivery with whether its signature verified. `failNext(n)` answers 500 to the next n requests.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookDelivery {
  alertId: string | undefined;
  verified: boolean;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  deliveries: WebhookDelivery[];
  failNext(count: number): void;
  close(): Promise<void>;
}

function verified(secret: string, header: string | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  const ageSeconds = Math.abs(Date.now() / 1000 - Number(match[1]));
  return ageSeconds < 300 && timingSafeEqual(expected, Buffer.from(match[2] ?? '', 'hex'));
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        res.writeHead(500).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers['x-brain-signature'];
      deliveries.push({
        alertId: req.headers['x-brain-alert-id'] as string | undefined,
        verified: verified(secret, typeof signature === 'string' ? signature : undefined, body),
        body: JSON.parse(body) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    deliveries,
    failNext: (count) => {
      failures = count;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
