/**
 * `healthSweep` (contract name): one sweep over every provisioned instance (`active`, `degraded` or `down`; never one
 * still provisioning or removed), started by schedule `health-sweep` (every HEALTH_SWEEP_INTERVAL, overlap skip).
 * With `{tenantId}` it checks that one instance now (the API's `?live=true`), with the same rules and store writes.
 *
 * History stays small at any fleet size: the work is batches per activity (HEALTH_SWEEP_BATCH_SIZE instances each,
 * HEALTH_SWEEP_PARALLEL_BATCHES at once), and only batch boundaries and counts cross the history, so a sweep of
 * 10,000 instances in batches of 500 is 20 activities (about 70 events). Neither child workflows nor
 * continue-as-new are needed: 100,000 instances would still be about 700 events.
 *
 * Steps: planHealthSweep → checkHealthBatch per batch (heartbeats; a batch's checks and store writes are
 * idempotent, so a retried batch only checks again) → deliverHealthAlerts → completeHealthSweep (what the monitor
 * of the monitor watches). Handles no signals or queries. A failing batch fails the sweep after its retries (it is
 * then not recorded as completed; the next scheduled sweep starts afresh).
 */
import { proxyActivities, workflowInfo, type RetryPolicy } from '@temporalio/workflow';
import type { HealthActivities, HealthBatch } from '../activities/contract';
import type { HealthSweepInput, HealthSweepResult } from './contracts/health-sweep';
import { HealthFailureType } from './contracts/health-sweep';
import { addHealthCounts, emptyHealthCounts } from './health-sweep-totals';

const retry: RetryPolicy = {
  maximumAttempts: 3,
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  nonRetryableErrorTypes: [HealthFailureType.InstanceNotCheckable],
};

const { planHealthSweep, completeHealthSweep } = proxyActivities<HealthActivities>({
  startToCloseTimeout: '1 minute',
  retry,
});

const { checkHealthBatch, deliverHealthAlerts } = proxyActivities<HealthActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry,
});

export async function healthSweep(input?: HealthSweepInput | null): Promise<HealthSweepResult> {
  const info = workflowInfo();
  const sweepId = `${info.workflowId}:${info.runId}`;
  const tenantId = input?.tenantId;
  // Workflow time (deterministic; skipped by the time-skipping test server) is the sweep's clock.
  const now = () => new Date().toISOString();
  const only = tenantId !== undefined ? { tenantId } : {};
  const plan = await planHealthSweep({ sweepId, startedAt: now(), ...only });

  const result: HealthSweepResult = {
    sweepId,
    checked: 0,
    counts: emptyHealthCounts(),
    transitions: 0,
    alertsRaised: 0,
    rateLimited: 0,
    alertsDelivered: 0,
  };
  const queue: HealthBatch[] = [...plan.batches];
  const lane = async (): Promise<void> => {
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      const done = await checkHealthBatch({ sweepId, ...batch, ...only, checkedAt: now() });
      result.checked += done.checked;
      addHealthCounts(result.counts, done.counts);
      result.transitions += done.transitions;
      result.alertsRaised += done.alertsRaised;
      result.rateLimited += done.rateLimited;
      if (done.instances) result.instances = done.instances;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, plan.parallelBatches) }, lane));

  result.alertsDelivered = (await deliverHealthAlerts({ sweepId })).delivered;
  if (tenantId === undefined) {
    await completeHealthSweep({
      sweepId,
      startedAt: plan.startedAt,
      completedAt: now(),
      checked: result.checked,
      counts: result.counts,
    });
  }
  return result;
}
