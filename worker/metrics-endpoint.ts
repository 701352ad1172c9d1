/**
 * The worker's one Prometheus endpoint, `GET /metrics` on WORKER_METRICS_PORT: our series (prom-client's registry,
 * activities/prometheus-metrics.ts) followed by the Temporal SDK's, read on each scrape from core's exporter on a
 * loopback port (worker/runtime.ts). When the SDK's part cannot be read, ours are still served, with a comment line
 * saying so. Any other path is 404, any other method 405. `close()` stops listening and ends open connections.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { mergeExpositions } from './metrics-exposition';

/** How long a scrape waits for core's exporter. */
const SDK_SCRAPE_TIMEOUT_MS = 2_000;

export interface WorkerMetricsEndpointOptions {
  /** Port to listen on (0: any free port). */
  port: number;
  /** Interface to listen on (default `0.0.0.0`, so Prometheus can scrape the worker from another host). */
  host?: string;
  registry: Registry;
  /** Core's exporter, e.g. `http://127.0.0.1:9464/metrics`; none: our series only. */
  sdkMetricsUrl?: string;
  /** Told when the SDK's part of a scrape is missing, or a family of it was left out as a duplicate. */
  onProblem?: (message: string, detail: Record<string, unknown>) => void;
}

export interface WorkerMetricsEndpoint {
  /** `http://<host>:<port>/metrics` as bound. */
  url: string;
  port: number;
  close(): Promise<void>;
}

async function readSdkMetrics(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return text;
}

/** Ours, then the SDK's (or a comment saying why it is missing). */
async function scrape(options: WorkerMetricsEndpointOptions): Promise<string> {
  const ours = await options.registry.metrics();
  if (!options.sdkMetricsUrl) return ours;
  let sdk: string;
  try {
    sdk = await readSdkMetrics(options.sdkMetricsUrl);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    options.onProblem?.('temporal sdk metrics unavailable', { reason });
    return `${ours}\n# Temporal SDK metrics unavailable: ${reason.replace(/\s+/g, ' ')}\n`;
  }
  const merged = mergeExpositions(ours, sdk);
  if (merged.dropped.length > 0) {
    options.onProblem?.('temporal sdk metric families left out (same name as ours)', { families: merged.dropped });
  }
  return merged.text;
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

export async function startWorkerMetricsEndpoint(
  options: WorkerMetricsEndpointOptions,
): Promise<WorkerMetricsEndpoint> {
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (path !== '/metrics') return answer(res, 404, 'not found: the metrics are at /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'use GET\n', { Allow: 'GET, HEAD' });
    scrape(options).then(
      (text) => answer(res, 200, req.method === 'HEAD' ? '' : text, { 'Content-Type': options.registry.contentType }),
      (err: unknown) => answer(res, 500, `metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`),
    );
  };
  const server = createServer(handle);
  const host = options.host ?? '0.0.0.0';
  server.listen(options.port, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { freeLoopbackPort } from '../common/free-port';
