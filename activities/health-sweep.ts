/**
 * The activities of `healthSweep`: plan (batch boundaries), check a batch (bounded concurrency, rules, one store
 * transaction for statuses, transitions and alerts), complete. The Pages project list is read once per sweep and
 * worker (cached by sweep ID), whichever batch needs it first.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { HealthCheck, HealthStatus } from '../workflows/contracts/health-sweep';
import { addHealthCounts, emptyHealthCounts } from '../workflows/health-sweep-totals';
import { HEALTH_STATUSES, HealthFailureType } from '../workflows/contracts/health-sweep';
import type { HealthUpdate, InstanceRecord } from '../store/port';
import { inActivity } from './call-context';
import type {
  CheckHealthBatchInput,
  CheckHealthBatchResult,
  CompleteHealthSweepInput,
  PlanHealthSweepInput,
  PlanHealthSweepResult,
} from './contract';
import type { ActivityDeps } from './deps';
import { recoveredAlert, unhealthyAlert } from './health-alert-messages';
import { checkInstance, readPagesProject, readPagesSnapshot, type PagesSnapshot } from './health-checks';
import { decideAlert, deriveHealthStatus, nextHealthState } from './health-rules';
import {
  CheckHealthBatchInputSchema,
  CompleteHealthSweepInputSchema,
  PlanHealthSweepInputSchema,
} from './health-input-schemas';
import { setInstanceHealthCounts } from './prometheus-metrics';
import { nowOf, parseInput, runActivity } from './provider-call';

/** Snapshots kept per worker: the sweeps that may still be running (one at a time, plus a straggler). */
const SNAPSHOTS_KEPT = 3;

const isHealthStatus = (status: string): status is HealthStatus =>
  (HEALTH_STATUSES as readonly string[]).includes(status);

function heartbeat(details: unknown): void {
  if (inActivity()) Context.current().heartbeat(details);
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order of the results. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function planHealthSweep(deps: ActivityDeps, rawInput: PlanHealthSweepInput): Promise<PlanHealthSweepResult> {
  const input = parseInput(PlanHealthSweepInputSchema, rawInput, 'planHealthSweep');
  return runActivity(deps, 'planHealthSweep', async () => {
    const startedAt = input.startedAt ?? nowOf(deps).toISOString();
    if (input.tenantId !== undefined) {
      const instance = await deps.store.getInstance(input.tenantId);
      if (!instance || !isHealthStatus(instance.status)) {
        throw ApplicationFailure.create({
          type: HealthFailureType.InstanceNotCheckable,
          message: `instance ${input.tenantId} is ${instance ? instance.status : 'unknown'}: only provisioned instances are checked`,
          nonRetryable: true,
        });
      }
      return { startedAt, batches: [{ afterTenantId: null, throughTenantId: null }], parallelBatches: 1 };
    }
    const { batchSize, parallelBatches } = deps.config.health;
    const ends = await deps.store.healthBatchBoundaries(batchSize);
    const batches = [...ends, null].map((throughTenantId, index) => ({
      afterTenantId: index === 0 ? null : (ends[index - 1] ?? null),
      throughTenantId,
    }));
    await deps.store.saveHealthSweep({
      sweepId: input.sweepId,
      startedAt,
      completedAt: null,
      checked: 0,
      counts: null,
    });
    return { startedAt, batches, parallelBatches };
  });
}

interface Checked {
  instance: InstanceRecord & { status: HealthStatus };
  checks: HealthCheck[];
}

/** The store updates of one batch: rules, then alert decisions against the open alerts. */
async function toUpdates(deps: ActivityDeps, checked: Checked[], checkedAt: string) {
  const open = new Set(await deps.store.tenantsWithOpenAlerts(checked.map((c) => c.instance.tenantId)));
  const counts = emptyHealthCounts();
  const updates: HealthUpdate[] = [];
  const statuses: { tenantId: string; status: HealthStatus; checks: HealthCheck[] }[] = [];
  const nowMs = Date.parse(checkedAt);
  for (const { instance, checks } of checked) {
    const previous = { status: instance.status, unhealthySince: instance.unhealthySince };
    const derived = deriveHealthStatus(checks, instance.status);
    if (derived === undefined) counts.undecided += 1;
    else counts[derived] += 1;
    const state = nextHealthState(previous, derived ?? instance.status, checkedAt);
    const decision = decideAlert(state, open.has(instance.tenantId), nowMs, deps.config.health.alertThresholdMs);
    let alert: HealthUpdate['alert'];
    if (decision.action === 'raise' && state.status !== 'active') {
      alert = unhealthyAlert(deps.config.health, instance, state.status, decision.since, checks, checkedAt);
    } else if (decision.action === 'resolve') {
      alert = recoveredAlert(deps.config.health, instance, previous.unhealthySince ?? checkedAt, checks, checkedAt);
    }
    updates.push({
      tenantId: instance.tenantId,
      previousStatus: instance.status,
      status: state.status,
      unhealthySince: state.unhealthySince,
      checks,
      checkedAt,
      ...(alert ? { alert } : {}),
    });
    statuses.push({ tenantId: instance.tenantId, status: state.status, checks });
  }
  return { updates, counts, statuses };
}

/** Factory of the batch activity; owns the per-sweep cache of Pages snapshots. */
export function createCheckHealthBatch(deps: ActivityDeps) {
  const snapshots = new Map<string, Promise<PagesSnapshot>>();
  const snapshotFor = (sweepId: string, onWait: () => void): { snapshot: Promise<PagesSnapshot>; fresh: boolean } => {
    const cached = snapshots.get(sweepId);
    if (cached) return { snapshot: cached, fresh: false };
    const snapshot = readPagesSnapshot(deps, onWait);
    snapshots.set(sweepId, snapshot);
    // A failed read is not kept: the next batch tries again.
    snapshot.then((s) => (s.available ? undefined : snapshots.delete(sweepId))).catch(() => snapshots.delete(sweepId));
    while (snapshots.size > SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value as string);
    return { snapshot, fresh: true };
  };

  return (rawInput: CheckHealthBatchInput): Promise<CheckHealthBatchResult> => {
    const input = parseInput(CheckHealthBatchInputSchema, rawInput, 'checkHealthBatch');
    return runActivity(deps, 'checkHealthBatch', async (scope) => {
      const { batchSize, checkConcurrency } = deps.config.health;
      const result: CheckHealthBatchResult = {
        checked: 0,
        counts: emptyHealthCounts(),
        transitions: 0,
        alertsRaised: 0,
        rateLimited: 0,
        cloudflareRequests: 0,
      };
      let after = input.afterTenantId;
      for (;;) {
        const instances =
          input.tenantId !== undefined
            ? [await deps.store.getInstance(input.tenantId)].filter((i): i is InstanceRecord => i !== undefined)
            : await deps.store.listHealthTargets({
                afterTenantId: after,
                throughTenantId: input.throughTenantId,
                limit: batchSize,
              });
        const targets = instances.filter((i): i is Checked['instance'] => isHealthStatus(i.status));
        if (targets.length === 0) break;
        const pages =
          input.tenantId !== undefined
            ? { snapshot: readPagesProject(deps, targets[0]?.resources.pagesProjectName), fresh: true }
            : snapshotFor(input.sweepId, () => heartbeat({ waiting: 'cloudflare rate limit' }));
        const snapshot = await pages.snapshot;
        if (pages.fresh) result.cloudflareRequests += snapshot.requests;
        let done = 0;
        const checked = await mapBounded(targets, checkConcurrency, async (instance) => {
          const checks = await checkInstance(deps, instance.resources, snapshot);
          done += 1;
          if (done % 50 === 0) heartbeat({ after, done });
          return { instance, checks };
        });
        const checkedAt = input.checkedAt ?? nowOf(deps).toISOString();
        const { updates, counts, statuses } = await toUpdates(deps, checked, checkedAt);
        const written = await deps.store.recordHealthChecks(input.sweepId, updates);
        result.checked += targets.length;
        result.transitions += written.transitions;
        result.alertsRaised += updates.filter((u) => u.alert?.kind === 'unhealthy').length;
        result.rateLimited += checked.reduce(
          (n, c) => n + c.checks.filter((check) => check.detail.startsWith('rate limited')).length,
          0,
        );
        addHealthCounts(result.counts, counts);
        if (input.tenantId !== undefined) {
          result.instances = statuses;
          break;
        }
        after = targets.at(-1)?.tenantId ?? after;
        heartbeat({ after });
        if (instances.length < batchSize) break;
      }
      scope.logger.info('health batch checked', { sweepId: input.sweepId, ...result, instances: undefined });
      return result;
    });
  };
}

export function completeHealthSweep(deps: ActivityDeps, rawInput: CompleteHealthSweepInput): Promise<void> {
  const input = parseInput(CompleteHealthSweepInputSchema, rawInput, 'completeHealthSweep');
  return runActivity(deps, 'completeHealthSweep', async () => {
    const completedAt = input.completedAt ?? nowOf(deps).toISOString();
    await deps.store.saveHealthSweep({
      sweepId: input.sweepId,
      startedAt: input.startedAt,
      completedAt,
      checked: input.checked,
      counts: input.counts,
    });
    // The gauge shows the stored statuses (an undecided check leaves an instance's status as it was).
    const { counts } = await deps.store.getInstancesHealthStatus({ limit: 1 });
    setInstanceHealthCounts(counts, new Date(completedAt));
  });
}
