/**
 * Instance health for Brain, the API and the CLI, read from the store (what the sweeps wrote: status, last check and
 * its details, transitions) or checked now through Temporal: a live check runs `healthSweep` for that one instance
 * on the worker (`health-check-<tenantId>`; concurrent callers share one run), so no caller holds provider clients.
 */
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { z } from 'zod';
import { InstanceHealthFilterSchema, MAX_HEALTH_PAGE } from '../../store/health-schemas';
import type { BrainStore, InstanceHealthFilter, InstanceRecord } from '../../store/port';
import type { HealthCheck, HealthStatus } from '../../workflows/contracts/health-sweep';
import { HEALTH_STATUSES } from '../../workflows/contracts/health-sweep';
import { TENANT_PLANS } from '../../workflows/contracts/provision-tenant';
import { healthSweep } from '../../workflows/health-sweep';
import { ClientError } from './errors';
import { parseWith } from './input';

/** Transitions returned with an instance's health. */
export const HEALTH_HISTORY_LIMIT = 20;

export interface InstanceHealthReport {
  instanceId: string;
  tenantId: string;
  name: string;
  plan: InstanceRecord['plan'];
  status: InstanceRecord['status'];
  healthy: boolean;
  /** `stored`: the last sweep's result; `live`: checked now, through Temporal. */
  source: 'stored' | 'live';
  lastHealthCheckAt: string | null;
  unhealthySince: string | null;
  checks: HealthCheck[];
  history: { fromStatus: HealthStatus; toStatus: HealthStatus; at: string }[];
}

export class InstanceNotFoundError extends ClientError {
  constructor(instanceId: string) {
    super('instance_not_found', `No instance ${JSON.stringify(instanceId)}`);
    this.name = 'InstanceNotFoundError';
  }
}

export class InstanceNotCheckableError extends ClientError {
  constructor(instance: InstanceRecord) {
    super(
      'instance_not_checkable',
      `Instance ${instance.tenantId} is ${instance.status}: only provisioned instances are checked`,
    );
    this.name = 'InstanceNotCheckableError';
  }
}

export class HealthCheckUnavailableError extends ClientError {
  constructor(message: string, cause: unknown) {
    super('health_check_unavailable', message, { cause });
    this.name = 'HealthCheckUnavailableError';
  }
}

/** The stored health of an instance with its latest transitions; throws `instance_not_found`. */
export async function readInstanceHealth(store: BrainStore, instanceId: string): Promise<InstanceHealthReport> {
  const instance = await store.getInstance(instanceId);
  if (!instance) throw new InstanceNotFoundError(instanceId);
  const [row] = (await store.getInstancesHealthStatus({ tenantId: instanceId, limit: 1 })).instances;
  const history = await store.listHealthTransitions(instanceId, HEALTH_HISTORY_LIMIT);
  return {
    instanceId,
    tenantId: instance.tenantId,
    name: instance.name,
    plan: instance.plan,
    status: instance.status,
    healthy: instance.status === 'active',
    source: 'stored',
    lastHealthCheckAt: instance.lastHealthCheckAt,
    unhealthySince: instance.unhealthySince,
    checks: row?.checks ?? [],
    history: history.map(({ fromStatus, toStatus, at }) => ({ fromStatus, toStatus, at })),
  };
}

export interface LiveCheckOptions {
  client: Client;
  taskQueue: string;
  /** How long to wait for the worker; default 30 s. */
  timeoutMs?: number;
}

/**
 * Checks the instance now on the worker and returns its stored health afterwards. Throws `instance_not_found`,
 * `instance_not_checkable` (provisioning or removed), or `health_check_unavailable` (no worker within the timeout).
 */
export async function checkInstanceHealthNow(
  store: BrainStore,
  instanceId: string,
  options: LiveCheckOptions,
): Promise<InstanceHealthReport> {
  const instance = await store.getInstance(instanceId);
  if (!instance) throw new InstanceNotFoundError(instanceId);
  if (!(HEALTH_STATUSES as readonly string[]).includes(instance.status)) throw new InstanceNotCheckableError(instance);
  try {
    await options.client.workflow.execute(healthSweep, {
      taskQueue: options.taskQueue,
      workflowId: `health-check-${instanceId}`,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowExecutionTimeout: options.timeoutMs ?? 30_000,
      args: [{ tenantId: instanceId }],
    });
  } catch (err) {
    if ((err as Error).name !== 'WorkflowFailedError') throw err;
    throw new HealthCheckUnavailableError(
      `The live check of ${instanceId} did not complete: ${(err as Error).message}`,
      err,
    );
  }
  return { ...(await readInstanceHealth(store, instanceId)), source: 'live' };
}

const csvOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value),
    z.array(item),
  );

/** The dashboard query as strings arrive from a query string or CLI flags (`status` may be comma-separated). */
export const HealthDashboardQuerySchema = z
  .object({
    status: csvOf(z.enum(HEALTH_STATUSES)).optional().describe('active, degraded, down (comma-separated for several)'),
    plan: z.enum(TENANT_PLANS).optional(),
    createdFrom: InstanceHealthFilterSchema.shape.createdFrom.describe('Created at or after (date or date-time)'),
    createdTo: InstanceHealthFilterSchema.shape.createdTo.describe('Created at or before'),
    checkedFrom: InstanceHealthFilterSchema.shape.checkedFrom.describe('Last checked at or after'),
    checkedTo: InstanceHealthFilterSchema.shape.checkedTo.describe('Last checked at or before'),
    limit: z.coerce.number().int().min(1).max(MAX_HEALTH_PAGE).optional(),
    cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
  })
  .strict();

/** Parses the dashboard query (ValidationError naming the field) into the store's filter. */
export function parseHealthDashboardQuery(input: unknown): InstanceHealthFilter {
  const query = parseWith(HealthDashboardQuerySchema, input);
  const filter: InstanceHealthFilter = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) Object.assign(filter, { [key]: value });
  return filter;
}
