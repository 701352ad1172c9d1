/**
 * Health methods of the SQLite Brain store: sweep targets and batch boundaries, check results with their
 * transitions and alerts (one transaction per batch), alert delivery state, sweep records and the dashboard query.
 * Only fixed SQL fragments are concatenated; every value is a bound parameter.
 */
import type { Database } from 'better-sqlite3';
import type { HealthCheck, HealthCounts, HealthStatus } from '../../workflows/contracts/health-sweep';
import { HEALTH_STATUSES } from '../../workflows/contracts/health-sweep';
import type { TenantPlan } from '../../workflows/contracts/provision-tenant';
import {
  DEFAULT_HEALTH_PAGE,
  HealthAlertDeliveryPatchSchema,
  HealthSweepRecordSchema,
  HealthUpdateSchema,
  InstanceHealthFilterSchema,
  NewHealthAlertSchema,
} from '../health-schemas';
import type {
  AlertDeliveryState,
  BrainStore,
  HealthAlertKind,
  HealthAlertRecord,
  HealthSweepRecord,
  HealthTransitionRecord,
  InstanceHealthRow,
  NewHealthAlert,
} from '../port';
import { parseStoreInput } from '../record-schemas';
import { RECORD_SWEEP_COVERAGE_SQL } from './health-kpis';
import { instanceFromRow, type InstanceRow } from './rows';

type HealthMethods = Pick<
  BrainStore,
  | 'listHealthTargets'
  | 'healthBatchBoundaries'
  | 'tenantsWithOpenAlerts'
  | 'recordHealthChecks'
  | 'raiseHealthAlert'
  | 'listHealthAlerts'
  | 'updateHealthAlertDelivery'
  | 'listHealthTransitions'
  | 'saveHealthSweep'
  | 'latestCompletedHealthSweep'
  | 'getInstancesHealthStatus'
>;

const TARGETS = `status IN ('active', 'degraded', 'down')`;

interface AlertRow {
  alert_id: string;
  tenant_id: string | null;
  kind: string;
  status: string | null;
  since: string;
  raised_at: string;
  resolved_at: string | null;
  email_state: string;
  webhook_state: string;
  webhook_attempts: number;
  last_error: string | null;
  message: string;
}

interface TransitionRow {
  tenant_id: string;
  from_status: string;
  to_status: string;
  at: string;
  sweep_id: string;
  checks: string;
}

interface SweepRow {
  sweep_id: string;
  started_at: string;
  completed_at: string | null;
  checked: number;
  counts: string | null;
}

type HealthInstanceRow = InstanceRow & { health_checks: string | null };

const parseChecks = (text: string | null): HealthCheck[] => (text ? (JSON.parse(text) as HealthCheck[]) : []);

function alertFromRow(row: AlertRow): HealthAlertRecord {
  return {
    alertId: row.alert_id,
    tenantId: row.tenant_id,
    kind: row.kind as HealthAlertKind,
    status: row.status as HealthStatus | null,
    since: row.since,
    raisedAt: row.raised_at,
    resolvedAt: row.resolved_at,
    emailState: row.email_state as AlertDeliveryState,
    webhookState: row.webhook_state as AlertDeliveryState,
    webhookAttempts: row.webhook_attempts,
    lastError: row.last_error,
    message: JSON.parse(row.message) as Record<string, unknown>,
  };
}

function alertParams(alert: NewHealthAlert) {
  return {
    alert_id: alert.alertId,
    tenant_id: alert.tenantId,
    kind: alert.kind,
    status: alert.status,
    since: alert.since,
    raised_at: alert.raisedAt,
    email_state: alert.emailState,
    webhook_state: alert.webhookState,
    message: JSON.stringify(alert.message),
  };
}

function sweepFromRow(row: SweepRow): HealthSweepRecord {
  return {
    sweepId: row.sweep_id,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    checked: row.checked,
    counts: row.counts ? (JSON.parse(row.counts) as HealthCounts) : null,
  };
}

/** The health half of the store, over an open, migrated connection. */
export function healthMethods(db: Database): HealthMethods {
  const updateInstance = db.prepare(
    `UPDATE instances SET status = @status, unhealthy_since = @unhealthy_since, last_health_check_at = @checked_at,
       health_checks = @checks, updated_at = @checked_at
     WHERE tenant_id = @tenant_id AND status = @previous_status`,
  );
  const insertTransition = db.prepare(
    `INSERT INTO health_transitions (tenant_id, from_status, to_status, at, sweep_id, checks, previous_check_at)
     VALUES (@tenant_id, @from_status, @to_status, @at, @sweep_id, @checks, @previous_check_at)`,
  );
  // Read before the update overwrites it: when the instance was last seen in its previous status (MTTD).
  const previousCheck = db
    .prepare<[string], string | null>(
      'SELECT COALESCE(last_health_check_at, activated_at) FROM instances WHERE tenant_id = ?',
    )
    .pluck();
  const insertAlert = db.prepare(
    `INSERT OR IGNORE INTO health_alerts
       (alert_id, tenant_id, kind, status, since, raised_at, email_state, webhook_state, message)
     VALUES (@alert_id, @tenant_id, @kind, @status, @since, @raised_at, @email_state, @webhook_state, @message)`,
  );
  const resolveAlerts = db.prepare(
    `UPDATE health_alerts SET resolved_at = @at WHERE tenant_id = @tenant_id AND kind = 'unhealthy' AND resolved_at IS NULL`,
  );
  const upsertSweep = db.prepare<[SweepRow]>(
    `INSERT INTO health_sweeps (sweep_id, started_at, completed_at, checked, counts)
     VALUES (@sweep_id, @started_at, @completed_at, @checked, @counts)
     ON CONFLICT (sweep_id) DO UPDATE SET completed_at = excluded.completed_at, checked = excluded.checked,
       counts = excluded.counts`,
  );
  const recordCoverage = db.prepare<{ sweep_id: string; started_at: string }>(RECORD_SWEEP_COVERAGE_SQL);
  // A completed sweep gets its coverage counted now, over the instances as they are at its end.
  const saveSweep = db.transaction((row: SweepRow) => {
    upsertSweep.run(row);
    if (row.completed_at !== null) recordCoverage.run({ sweep_id: row.sweep_id, started_at: row.started_at });
  });

  const recordAll = db.transaction((sweepId: string, updates: ReturnType<typeof HealthUpdateSchema.parse>[]) => {
    let applied = 0;
    let transitions = 0;
    for (const update of updates) {
      const checks = JSON.stringify(update.checks);
      const transition = update.status !== update.previousStatus;
      const previousCheckAt = transition ? (previousCheck.get(update.tenantId) ?? null) : null;
      const changed = updateInstance.run({
        tenant_id: update.tenantId,
        previous_status: update.previousStatus,
        status: update.status,
        unhealthy_since: update.unhealthySince,
        checked_at: update.checkedAt,
        checks,
      }).changes;
      if (changed === 0) continue;
      applied += 1;
      if (transition) {
        transitions += 1;
        insertTransition.run({
          tenant_id: update.tenantId,
          from_status: update.previousStatus,
          to_status: update.status,
          at: update.checkedAt,
          sweep_id: sweepId,
          checks,
          previous_check_at: previousCheckAt,
        });
      }
      if (update.alert?.kind === 'recovered') resolveAlerts.run({ tenant_id: update.tenantId, at: update.checkedAt });
      if (update.alert) insertAlert.run(alertParams(update.alert));
    }
    return { applied, transitions };
  });

  return {
    async listHealthTargets({ afterTenantId, throughTenantId, limit }) {
      const conditions = [TARGETS];
      const params: (string | number)[] = [];
      if (afterTenantId !== null) {
        conditions.push('tenant_id > ?');
        params.push(afterTenantId);
      }
      if (throughTenantId !== null) {
        conditions.push('tenant_id <= ?');
        params.push(throughTenantId);
      }
      params.push(limit);
      return db
        .prepare<unknown[], InstanceRow>(
          `SELECT * FROM instances WHERE ${conditions.join(' AND ')} ORDER BY tenant_id LIMIT ?`,
        )
        .all(...params)
        .map(instanceFromRow);
    },

    async healthBatchBoundaries(batchSize) {
      return db
        .prepare<[number], { tenant_id: string }>(
          `SELECT tenant_id FROM (
             SELECT tenant_id, ROW_NUMBER() OVER (ORDER BY tenant_id) AS n FROM instances WHERE ${TARGETS}
           ) WHERE n % ? = 0 ORDER BY tenant_id`,
        )
        .all(batchSize)
        .map((row) => row.tenant_id);
    },

    async tenantsWithOpenAlerts(tenantIds) {
      if (tenantIds.length === 0) return [];
      return db
        .prepare<string[], { tenant_id: string }>(
          `SELECT DISTINCT tenant_id FROM health_alerts WHERE kind = 'unhealthy' AND resolved_at IS NULL
             AND tenant_id IN (${tenantIds.map(() => '?').join(', ')})`,
        )
        .all(...tenantIds)
        .map((row) => row.tenant_id);
    },

    async recordHealthChecks(sweepId, updates) {
      const valid = updates.map((update) => parseStoreInput(HealthUpdateSchema, update, 'recordHealthChecks'));
      return recordAll(sweepId, valid);
    },

    async raiseHealthAlert(alert) {
      return insertAlert.run(alertParams(parseStoreInput(NewHealthAlertSchema, alert, 'raiseHealthAlert'))).changes > 0;
    },

    async listHealthAlerts(filter = {}) {
      const conditions: string[] = [];
      const params: (string | number)[] = [];
      if (filter.undelivered) conditions.push(`(email_state = 'pending' OR webhook_state = 'pending')`);
      if (filter.tenantId !== undefined) {
        conditions.push('tenant_id = ?');
        params.push(filter.tenantId);
      }
      if (filter.kind !== undefined) {
        conditions.push('kind = ?');
        params.push(filter.kind);
      }
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      params.push(filter.limit ?? 1000);
      return db
        .prepare<unknown[], AlertRow>(`SELECT * FROM health_alerts${where} ORDER BY raised_at, alert_id LIMIT ?`)
        .all(...params)
        .map(alertFromRow);
    },

    async updateHealthAlertDelivery(alertId, patch) {
      const valid = parseStoreInput(HealthAlertDeliveryPatchSchema, patch, 'updateHealthAlertDelivery');
      const columns: Record<string, string | number | null> = {};
      if (valid.emailState !== undefined) columns.email_state = valid.emailState;
      if (valid.webhookState !== undefined) columns.webhook_state = valid.webhookState;
      if (valid.webhookAttempts !== undefined) columns.webhook_attempts = valid.webhookAttempts;
      if (valid.lastError !== undefined) columns.last_error = valid.lastError;
      const names = Object.keys(columns);
      if (names.length === 0) return;
      db.prepare(`UPDATE health_alerts SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE alert_id = @key`).run({
        ...columns,
        key: alertId,
      });
    },

    async listHealthTransitions(tenantId, limit = 100) {
      return db
        .prepare<[string, number], TransitionRow>(
          'SELECT * FROM health_transitions WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?',
        )
        .all(tenantId, limit)
        .map((row): HealthTransitionRecord => ({
          tenantId: row.tenant_id,
          fromStatus: row.from_status as HealthStatus,
          toStatus: row.to_status as HealthStatus,
          at: row.at,
          sweepId: row.sweep_id,
          checks: parseChecks(row.checks),
        }));
    },

    async saveHealthSweep(sweep) {
      const valid = parseStoreInput(HealthSweepRecordSchema, sweep, 'saveHealthSweep');
      saveSweep({
        sweep_id: valid.sweepId,
        started_at: valid.startedAt,
        completed_at: valid.completedAt,
        checked: valid.checked,
        counts: valid.counts ? JSON.stringify(valid.counts) : null,
      });
    },

    async latestCompletedHealthSweep() {
      const row = db
        .prepare<[], SweepRow>(
          'SELECT * FROM health_sweeps WHERE completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT 1',
        )
        .get();
      return row ? sweepFromRow(row) : undefined;
    },

    async getInstancesHealthStatus(filter = {}) {
      const valid = parseStoreInput(InstanceHealthFilterSchema, filter, 'getInstancesHealthStatus');
      const conditions = [TARGETS];
      const params: (string | number)[] = [];
      const bound = (sql: string, value: string | undefined) => {
        if (value === undefined) return;
        conditions.push(sql);
        params.push(value);
      };
      bound('tenant_id = ?', valid.tenantId);
      bound('plan = ?', valid.plan);
      bound('created_at >= ?', valid.createdFrom);
      bound('created_at <= ?', valid.createdTo);
      bound('last_health_check_at >= ?', valid.checkedFrom);
      bound('last_health_check_at <= ?', valid.checkedTo);
      const counts: Record<HealthStatus, number> = { active: 0, degraded: 0, down: 0 };
      const countRows = db
        .prepare<unknown[], { status: HealthStatus; n: number }>(
          `SELECT status, COUNT(*) AS n FROM instances WHERE ${conditions.join(' AND ')} GROUP BY status`,
        )
        .all(...params);
      for (const row of countRows) counts[row.status] = row.n;

      const statuses = valid.status === undefined ? [...HEALTH_STATUSES] : [valid.status].flat();
      const listConditions = [...conditions, `status IN (${statuses.map(() => '?').join(', ')})`];
      const listParams = [...params, ...statuses];
      if (valid.cursor !== undefined) {
        listConditions.push('tenant_id > ?');
        listParams.push(valid.cursor);
      }
      const pageSize = valid.limit ?? DEFAULT_HEALTH_PAGE;
      const rows = db
        .prepare<unknown[], HealthInstanceRow>(
          `SELECT * FROM instances WHERE ${listConditions.join(' AND ')} ORDER BY tenant_id LIMIT ?`,
        )
        .all(...listParams, pageSize + 1);
      const page = rows.slice(0, pageSize);
      const total = statuses.reduce((sum, status) => sum + counts[status], 0);
      return {
        counts,
        total,
        instances: page.map((row): InstanceHealthRow => ({
          tenantId: row.tenant_id,
          name: row.name,
          plan: row.plan as TenantPlan,
          status: row.status as HealthStatus,
          createdAt: row.created_at,
          lastHealthCheckAt: row.last_health_check_at,
          unhealthySince: row.unhealthy_since,
          checks: parseChecks(row.health_checks),
        })),
        nextCursor: rows.length > pageSize ? (page.at(-1)?.tenant_id ?? null) : null,
      };
    },
  };
}
