/**
 * The Temporal Runtime of a worker process: SDK and core logs as JSON lines through common/logging.ts, and core's
 * Prometheus exporter on a loopback port when one is given (the worker's own `/metrics` reads it and serves it with
 * ours: worker/metrics-endpoint.ts). A process has one Runtime; install it before any connection or worker.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { LogEntry } from '@temporalio/worker';
import type { LogLevel as SdkLogLevel } from '@temporalio/common';
import { logAt, type Logger, type LogLevel } from '../common/logging';

export interface RuntimeSettings {
  /**
   * Core's Prometheus exporter on `127.0.0.1:<port>/metrics`, for the worker's `/metrics` to read; none when undefined.
   * Durations in seconds with unit suffixes and counters with `_total`, as Prometheus names them (all `temporal_*`).
   */
  sdkMetricsPort?: number;
  /** Lowest SDK log level forwarded (default `info`). Core (Rust) logs are forwarded from WARN up. */
  level?: LogLevel;
}

const SDK_LEVELS: Record<LogLevel, SdkLogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

/**
 * Maps one SDK log entry onto the JSON logger, TRACE to debug, with the time the entry was made: with core's logs
 * forwarded, the Runtime collects SDK and workflow entries and lets them go 100 to 200 ms later, sorted by that time.
 */
export function forwardSdkLog(logger: Logger, entry: LogEntry): void {
  if (entry.timestampNanos > 0n) logAt(Number(entry.timestampNanos / 1_000_000n), () => writeSdkLog(logger, entry));
  else writeSdkLog(logger, entry);
}

function writeSdkLog(logger: Logger, entry: LogEntry): void {
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
      ...(settings.sdkMetricsPort !== undefined
        ? {
            metrics: {
              prometheus: {
                bindAddress: `127.0.0.1:${settings.sdkMetricsPort}`,
                useSecondsForDurations: true,
                unitSuffix: true,
                countersTotalSuffix: true,
              },
            },
          }
        : {}),
    },
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
}
