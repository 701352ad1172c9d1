/**
 * The bench's trace collector: accepts OTLP/HTTP exports (`POST /v1/traces`), reads them whole and discards them,
 * counting requests and bytes, so a traced worker pays what it would pay a real collector on the same machine
 * except the collector's own work.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpDiscardReceiver {
  tracesUrl: string;
  requests: number;
  bytes: number;
  close(): Promise<void>;
}

export async function startOtlpDiscardReceiver(): Promise<OtlpDiscardReceiver> {
  const counts = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (counts.bytes += chunk.length));
    req.on('end', () => {
      counts.requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(counts, {
    tracesUrl: `http://127.0.0.1:${port}/v1/traces`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
