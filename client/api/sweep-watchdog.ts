/**
 * The monitor of the monitor, in the API process (outside the worker, so a stopped worker is noticed): every sweep
 * interval it checks the last completed health sweep and raises one `sweep_missing` alert per silence longer than
 * three intervals (activities/health-alerts.ts). Errors are logged, never thrown: the API keeps serving.
 */
import { raiseSweepMissingAlert } from '../../activities';
import type { AlertDeliveryDeps } from '../../activities/health-alerts';

export interface SweepWatchdog {
  stop(): void;
}

export function startSweepWatchdog(deps: AlertDeliveryDeps): SweepWatchdog {
  const watchingSince = new Date();
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await raiseSweepMissingAlert(deps, watchingSince);
    } catch (err) {
      deps.logger.error('sweep watchdog failed', { err: err instanceof Error ? err.message : String(err) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), deps.config.health.sweepIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
