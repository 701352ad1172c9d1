/** The health sweeps' configuration (HEALTH_* variables, parsed by loadConfig in ./config.ts). */
export interface HealthConfig {
  sweepIntervalMs: number;
  /** Instances per checkHealthBatch activity, and how many of those run at once. */
  batchSize: number;
  parallelBatches: number;
  /** Checks in flight at once inside one batch activity. */
  checkConcurrency: number;
  checkTimeoutMs: number;
  /** A check that answers slower than this is `slow` (the instance is `degraded`). */
  slowThresholdMs: number;
  /** How long an instance stays in each unhealthy status before it alerts. */
  alertThresholdMs: { down: number; degraded: number };
  alertEmails: string[];
  /** Signed webhook (HMAC-SHA256); `secret` is required with `url`. */
  webhook: { url: string; secret: string } | null;
}
