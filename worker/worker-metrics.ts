/**
 * A worker process's `/metrics`, wired the same way by worker/main.ts and the bench worker: with WORKER_METRICS_PORT,
 * core's Prometheus exporter gets a free loopback port of its own (given to the Runtime before it is installed), and
 * once the process runs, one endpoint on WORKER_METRICS_PORT serves our series, Node's process metrics and the SDK's.
 * Without the port: nothing.
 */
import { collectProcessMetrics, metricsRegistry } from '../activities/prometheus-metrics';
import type { AppConfig } from '../common/config';
import { freeLoopbackPort } from '../common/free-port';
import type { Logger } from '../common/logging';
import { startWorkerMetricsEndpoint, type WorkerMetricsEndpoint } from './metrics-endpoint';

export interface WorkerMetricsPlan {
  /** Spread into installRuntime's settings. */
  runtime: { sdkMetricsPort?: number };
  /** Starts the endpoint (after the Runtime is installed); undefined without WORKER_METRICS_PORT. */
  start(logger: Logger): Promise<WorkerMetricsEndpoint | undefined>;
}

export async function planWorkerMetrics(config: Pick<AppConfig, 'workerMetricsPort'>): Promise<WorkerMetricsPlan> {
  const port = config.workerMetricsPort;
  if (port === undefined) return { runtime: {}, start: async () => undefined };
  const sdkMetricsPort = await freeLoopbackPort();
  return {
    runtime: { sdkMetricsPort },
    async start(logger) {
      collectProcessMetrics();
      return startWorkerMetricsEndpoint({
        port,
        registry: metricsRegistry,
        sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort}/metrics`,
        onProblem: (message, detail) => logger.warn(message, detail),
      });
    },
  };
}
