/**
 * The Temporal Runtime of a worker process: SDK and core logs as JSON lines through common/logging.ts, Prometheus
 * metrics when a port is configured. A process has one Runtime; install it before any connection or worker.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { LogEntry } from '@temporalio/worker';
import type { LogLevel as SdkLogLevel } from '@temporalio/common';
import type { Logger, LogLevel } from '../common/logging';

export interface RuntimeSettings {
  /** Serve Prometheus metrics on `0.0.0.0:<port>/metrics` (WORKER_METRICS_PORT); none when undefined. */
  metricsPort?: number;
  /** Lowest SDK log level forwarded (default `info`). Core (Rust) logs are forwarded from WARN up. */
  level?: LogLevel;
}

const SDK_LEVELS: Record<LogLevel, SdkLogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

/** Maps one SDK log entry onto the JSON logger; TRACE goes to debug. */
export function forwardSdkLog(logger: Logger, entry: LogEntry): void {
  const fields = { ...entry.meta, source: 'temporal-sdk' };
  switch (entry.level) {
    case 'TRACE':
    case 'DEBUG':
      logger.debug(entry.message, fields);
      return;
    case 'INFO':
      logger.info(entry.message, fields);
      return;
    case 'WARN':
      logger.warn(entry.message, fields);
      return;
    default:
      logger.error(entry.message, fields);
  }
}

/**
 * Installs the process-wide Temporal Runtime. Lasts for the life of the process; throws an IllegalStateError when a
 * Runtime already exists. The worker drains and stops on SIGINT/SIGTERM.
 */
export function installRuntime(logger: Logger, settings: RuntimeSettings = {}): Runtime {
  const sdkLogger = new DefaultLogger(SDK_LEVELS[settings.level ?? 'info'], (entry) => forwardSdkLog(logger, entry));
  return Runtime.install({
    logger: sdkLogger,
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(settings.metricsPort !== undefined
        ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${settings.metricsPort}` } } }
        : {}),
    },
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
}
