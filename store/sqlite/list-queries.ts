/**
 * SQL of the filtered listings (listInstances, listJobs). Only fixed SQL fragments are concatenated; every value
 * is a bound parameter. Exported so tests can `EXPLAIN QUERY PLAN` the exact statement the store runs.
 */
import type { z } from 'zod';
import type { InstanceFilterSchema, JobFilterSchema } from '../record-schemas';

export interface ListQuery {
  sql: string;
  params: (string | number)[];
}

/** `column = ?` for one value, `column IN (?, ...)` for several, a false condition for an empty list. */
function inCondition(column: string, value: string | string[], params: (string | number)[]): string {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return '0';
  params.push(...values);
  return values.length === 1 ? `${column} = ?` : `${column} IN (${values.map(() => '?').join(', ')})`;
}

function finish(
  table: string,
  conditions: string[],
  orderBy: string,
  limit: number | undefined,
  params: ListQuery['params'],
): ListQuery {
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  let sql = `SELECT * FROM ${table}${where} ORDER BY ${orderBy}`;
  if (limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(limit);
  }
  return { sql, params };
}

/** Instances matching a validated filter, newest `created_at` first; date bounds are inclusive. */
export function instanceListQuery(filter: z.output<typeof InstanceFilterSchema>): ListQuery {
  const params: ListQuery['params'] = [];
  const conditions: string[] = [];
  if (filter.status !== undefined) conditions.push(inCondition('status', filter.status, params));
  if (filter.plan !== undefined) conditions.push(inCondition('plan', filter.plan, params));
  if (filter.requestedBy !== undefined) conditions.push(inCondition('requested_by', filter.requestedBy, params));
  if (filter.ownerEmail !== undefined) conditions.push(inCondition('owner_email', filter.ownerEmail, params));
  if (filter.createdFrom !== undefined) {
    conditions.push('created_at >= ?');
    params.push(filter.createdFrom);
  }
  if (filter.createdTo !== undefined) {
    conditions.push('created_at <= ?');
    params.push(filter.createdTo);
  }
  return finish('instances', conditions, 'created_at DESC, tenant_id ASC', filter.limit, params);
}

/** Jobs matching a validated filter, newest `started_at` first; date bounds are inclusive. */
export function jobListQuery(filter: z.output<typeof JobFilterSchema>): ListQuery {
  const params: ListQuery['params'] = [];
  const conditions: string[] = [];
  if (filter.status !== undefined) conditions.push(inCondition('status', filter.status, params));
  if (filter.tenantId !== undefined) conditions.push(inCondition('tenant_id', filter.tenantId, params));
  if (filter.startedFrom !== undefined) {
    conditions.push('started_at >= ?');
    params.push(filter.startedFrom);
  }
  if (filter.startedTo !== undefined) {
    conditions.push('started_at <= ?');
    params.push(filter.startedTo);
  }
  return finish('jobs', conditions, 'started_at DESC, job_id ASC', filter.limit, params);
}
