/**
 * Instance methods of the SQLite Brain store. Upserts replace the whole record; patches touch only the fields they
 * name. All values are bound parameters.
 */
import type { Database } from 'better-sqlite3';
import type { TenantPlan } from '../../workflows/contracts/provision-tenant';
import type { BrainStore, InstanceRecord } from '../port';
import { type QuotaCounts, type QuotaLimits, quotaViolation } from '../../common/quota-policy';
import {
  InstanceFilterSchema,
  InstancePatchSchema,
  InstanceRecordSchema,
  isoTimestamp,
  parseStoreInput,
} from '../record-schemas';
import { instanceListQuery } from './list-queries';
import { type InstanceRow, instanceFromRow, instanceToRow } from './rows';
import { columnsOf, upsertSql } from './upsert-sql';

type InstanceMethods = Pick<
  BrainStore,
  | 'upsertInstance'
  | 'getInstance'
  | 'updateInstance'
  | 'listInstances'
  | 'countLiveInstancesByRequester'
  | 'countInstances'
  | 'reserveInstance'
>;

const INSTANCE_COLUMNS = columnsOf<InstanceRow>({
  tenant_id: true,
  name: true,
  plan: true,
  owner_email: true,
  owner_name: true,
  requested_by: true,
  region: true,
  status: true,
  resources: true,
  job_id: true,
  created_at: true,
  updated_at: true,
  activated_at: true,
  last_health_check_at: true,
  unhealthy_since: true,
  reserved_by: true,
});

/** Record field → column, for patches: the only strings that reach the SET clause. */
const PATCH_COLUMNS: Record<keyof Omit<InstanceRecord, 'tenantId'>, keyof InstanceRow> = {
  name: 'name',
  plan: 'plan',
  ownerEmail: 'owner_email',
  ownerName: 'owner_name',
  requestedBy: 'requested_by',
  region: 'region',
  status: 'status',
  resources: 'resources',
  jobId: 'job_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  activatedAt: 'activated_at',
  lastHealthCheckAt: 'last_health_check_at',
  unhealthySince: 'unhealthy_since',
  reservedBy: 'reserved_by',
};

const DAY_MS = 24 * 3_600_000;

/** The instance half of the store, over an open, migrated connection. */
export function instanceMethods(db: Database): InstanceMethods {
  const upsert = db.prepare<[InstanceRow]>(upsertSql('instances', INSTANCE_COLUMNS, ['tenant_id']));
  const get = db.prepare<[string], InstanceRow>('SELECT * FROM instances WHERE tenant_id = ?');
  const countLive = db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM instances WHERE requested_by = ? AND status <> 'removed'",
  );
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM instances');
  // Quota counts; the column name comes from a fixed list, never from input.
  const quotaCount = (column: 'requested_by' | 'owner_email') =>
    db.prepare<{ value: string; tenant: string; since: string }, { concurrent: number; perDay: number }>(
      `SELECT COALESCE(SUM(status = 'provisioning'), 0) AS concurrent, COALESCE(SUM(created_at >= @since), 0) AS perDay
       FROM instances WHERE ${column} = @value AND tenant_id <> @tenant`,
    );
  const byRequester = quotaCount('requested_by');
  const byOwner = quotaCount('owner_email');
  const reserve = db.transaction((row: InstanceRow, limits: QuotaLimits, since: string) => {
    const counts: QuotaCounts = {
      requester: byRequester.get({ value: row.requested_by, tenant: row.tenant_id, since }) ?? {
        concurrent: 0,
        perDay: 0,
      },
      ownerEmail: byOwner.get({ value: row.owner_email, tenant: row.tenant_id, since }) ?? { concurrent: 0, perDay: 0 },
    };
    const violation = quotaViolation(counts, limits, row.plan as TenantPlan);
    if (!violation) upsert.run(row);
    return violation;
  });

  return {
    async upsertInstance(instance) {
      upsert.run(instanceToRow(parseStoreInput(InstanceRecordSchema, instance, 'upsertInstance')));
    },

    async getInstance(tenantId) {
      const row = get.get(tenantId);
      return row ? instanceFromRow(row) : undefined;
    },

    /** A patch without `updatedAt` stamps the current time; patching an unknown tenant changes nothing. */
    async updateInstance(tenantId, patch) {
      const valid = parseStoreInput(InstancePatchSchema, patch, 'updateInstance');
      const values: Partial<Record<keyof InstanceRow, string | null>> = {};
      for (const [field, value] of Object.entries(valid) as [keyof typeof PATCH_COLUMNS, unknown][]) {
        if (value === undefined) continue;
        values[PATCH_COLUMNS[field]] = field === 'resources' ? JSON.stringify(value) : (value as string | null);
      }
      values.updated_at ??= new Date().toISOString();
      const columns = Object.keys(values);
      db.prepare(
        `UPDATE instances SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE tenant_id = @key`,
      ).run({
        ...values,
        key: tenantId,
      });
    },

    async listInstances(filter = {}) {
      const query = instanceListQuery(parseStoreInput(InstanceFilterSchema, filter, 'listInstances'));
      return db
        .prepare<unknown[], InstanceRow>(query.sql)
        .all(...query.params)
        .map(instanceFromRow);
    },

    async countLiveInstancesByRequester(requestedBy) {
      return countLive.get(requestedBy)?.n ?? 0;
    },

    async countInstances() {
      return countAll.get()?.n ?? 0;
    },

    async reserveInstance(instance, limits, now) {
      const row = instanceToRow(parseStoreInput(InstanceRecordSchema, instance, 'reserveInstance'));
      const since = new Date(Date.parse(parseStoreInput(isoTimestamp, now, 'reserveInstance')) - DAY_MS).toISOString();
      // IMMEDIATE: the write lock is taken before counting, so another process cannot count the same free slot.
      return reserve.immediate(row, limits, since);
    },
  };
}
