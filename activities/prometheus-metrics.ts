/**
 * Every Prometheus series of our own (`tenant_orchestrator_*`), defined once, in prom-client's default registry, with
 * the few functions that record them. The worker and the API serve that registry on `/metrics` (the worker appends
 * Temporal's SDK metrics, all `temporal_*`); docs/METRICS.md lists each series and where it is recorded.
 *
 * Durations are in seconds, as Prometheus expects. Label values come from the code (provider, operation, step,
 * status, reason names), never from requests, so their number stays small.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';
import type { HealthStatus } from '../workflows/contracts/health-sweep';
import type { ProvisioningMetricsRecord } from '../store/port';

/** The registry both `/metrics` endpoints serve. */
export const metricsRegistry = register;

/** Prefix of every series of ours; the Temporal SDK's start with `temporal_`, Node's with `process_`/`nodejs_`. */
export const METRIC_PREFIX = 'tenant_orchestrator_';

/** Provisioning runs take seconds to minutes; a failed run waits up to the cleanup grace (24 h) before cleaning up. */
const JOB_BUCKETS_S = [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800, 3600, 6 * 3600, 24 * 3600, 48 * 3600];
/** One step: a store write takes milliseconds, a deployment wait tens of seconds to minutes. */
const STEP_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
/** One provider request: milliseconds against the sandbox, up to tens of seconds (a `convex deploy` push). */
const PROVIDER_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

export const jobDurationSeconds = new Histogram({
  name: `${METRIC_PREFIX}job_duration_seconds`,
  help: 'Provisioning runs that finished, start to finish (admin retries and their waits included), by outcome',
  labelNames: ['outcome'] as const,
  buckets: JOB_BUCKETS_S,
});

export const stepDurationSeconds = new Histogram({
  name: `${METRIC_PREFIX}step_duration_seconds`,
  help: 'Completed provisioning steps of finished runs (first start to completion, retries included), by step',
  labelNames: ['step'] as const,
  buckets: STEP_BUCKETS_S,
});

export const providerRequestDurationSeconds = new Histogram({
  name: `${METRIC_PREFIX}provider_request_duration_seconds`,
  help: 'Requests to providers (HTTP, and the convex deploy push), answered or not, by provider and operation',
  labelNames: ['provider', 'operation'] as const,
  buckets: PROVIDER_BUCKETS_S,
});

export const providerRequestErrorsTotal = new Counter({
  name: `${METRIC_PREFIX}provider_request_errors_total`,
  help: 'Provider requests that failed (non-2xx answer, timeout, network error, failed push), by provider, operation and kind',
  labelNames: ['provider', 'operation', 'kind'] as const,
});

export const instancesByHealthStatus = new Gauge({
  name: `${METRIC_PREFIX}instances_by_health_status`,
  help: 'Provisioned instances by health status, as stored when this process last completed a health sweep',
  labelNames: ['status'] as const,
});

export const healthSweepLastCompletedSeconds = new Gauge({
  name: `${METRIC_PREFIX}health_sweep_last_completed_timestamp_seconds`,
  help: 'When this process last completed a health sweep (Unix seconds)',
});

export const healthAlertsSentTotal = new Counter({
  name: `${METRIC_PREFIX}health_alerts_sent_total`,
  help: 'Health alerts delivered, by channel (email: to every recipient; webhook: signed POST answered 2xx) and kind',
  labelNames: ['channel', 'kind'] as const,
});

export const apiRateLimitRejectionsTotal = new Counter({
  name: `${METRIC_PREFIX}api_rate_limit_rejections_total`,
  help: 'API requests turned away by the abuse guard (429 over a limit, 403 while the client is blocked), by reason',
  labelNames: ['reason'] as const,
});

export const operatorAlertsTotal = new Counter({
  name: `${METRIC_PREFIX}operator_alerts_total`,
  help: 'Operator alerts raised (stored once per idempotency key), by kind',
  labelNames: ['kind'] as const,
});

/** Why a provider request failed: its answer's status class, or what happened instead of an answer. */
export type ProviderErrorKind =
  'not_found' | 'rate_limited' | 'client_error' | 'server_error' | 'timeout' | 'cancelled' | 'network' | 'exit_code';

/** The error kind of an HTTP answer, or undefined for a success (below 400). */
export function errorKindOfStatus(status: number): ProviderErrorKind | undefined {
  if (status < 400) return undefined;
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  return status < 500 ? 'client_error' : 'server_error';
}

/** The error kind of a request that got no answer (fetch rejected with `err`). */
export function errorKindOfThrown(err: unknown): ProviderErrorKind {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'cancelled';
  return 'network';
}

export interface ProviderCallObservation {
  provider: string;
  operation: string;
  durationMs: number;
  /** Undefined for a success. */
  error?: ProviderErrorKind | undefined;
}

/** Records one provider request: its latency, and its failure when it failed. */
export function observeProviderCall(call: ProviderCallObservation): void {
  const labels = { provider: call.provider, operation: call.operation };
  providerRequestDurationSeconds.observe(labels, Math.max(0, call.durationMs) / 1000);
  if (call.error) providerRequestErrorsTotal.inc({ ...labels, kind: call.error });
}

/** Runs kept to recognise a repeated final snapshot of the same run (a retried local activity) in this process. */
const OBSERVED_RUNS_KEPT = 10_000;
const observedRuns = new Set<string>();

/**
 * Records a finished run's duration and its completed steps' durations, once per run (`jobId` and `startedAt`) in
 * this process: the final snapshot of a run may be stored again, it is counted once.
 */
export function observeFinishedJob(
  record: Pick<ProvisioningMetricsRecord, 'jobId' | 'startedAt' | 'outcome' | 'durationMs' | 'stepDurationsMs'>,
): boolean {
  const key = `${record.jobId}@${record.startedAt}`;
  if (observedRuns.has(key)) return false;
  if (observedRuns.size >= OBSERVED_RUNS_KEPT) observedRuns.delete(observedRuns.values().next().value as string);
  observedRuns.add(key);
  jobDurationSeconds.observe({ outcome: record.outcome }, record.durationMs / 1000);
  for (const [step, ms] of Object.entries(record.stepDurationsMs)) {
    stepDurationSeconds.observe({ step }, ms / 1000);
  }
  return true;
}

/** Sets the health gauge from the store's counts after a sweep completed at `completedAt`. */
export function setInstanceHealthCounts(counts: Record<HealthStatus, number>, completedAt: Date): void {
  for (const [status, count] of Object.entries(counts)) instancesByHealthStatus.set({ status }, count);
  healthSweepLastCompletedSeconds.set(completedAt.getTime() / 1000);
}

export function countHealthAlertSent(channel: 'email' | 'webhook', kind: string): void {
  healthAlertsSentTotal.inc({ channel, kind });
}

/** `client_requests`, `client_actions`, `principal_requests`, `principal_actions` (429) or `client_blocked` (403). */
export type RateLimitRejectionReason = `${'client' | 'principal'}_${'requests' | 'actions'}` | 'client_blocked';

export function countRateLimitRejection(reason: RateLimitRejectionReason): void {
  apiRateLimitRejectionsTotal.inc({ reason });
}

let processMetricsCollected = false;

/** Adds Node's process metrics (`process_*`, `nodejs_*`) to the registry; once per process, later calls do nothing. */
export function collectProcessMetrics(): void {
  if (processMetricsCollected) return;
  processMetricsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry });
}
