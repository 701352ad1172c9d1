/**
 * Job projection methods of the SQLite Brain store. Snapshots of a job can arrive out of order (local activities of
 * one workflow, retries, two workers), so an upsert never moves a job backwards: it is ignored when its `updatedAt`
 * is older than the stored one. An equal `updatedAt` is applied (the later write of the same instant wins).
 * A `completed` record is only updated by its own run (same `startedAt`): a later run of the same job ID (an admin
 * starting a finished job again) never replaces the record of the run that provisioned the tenant.
 */
import type { Database } from 'better-sqlite3';
import type { BrainStore } from '../port';
import { JobFilterSchema, JobRecordSchema, parseStoreInput } from '../record-schemas';
import { jobListQuery } from './list-queries';
import { type JobRow, jobFromRow, jobToRow } from './rows';
import { columnsOf, upsertSql } from './upsert-sql';

type JobMethods = Pick<BrainStore, 'upsertJob' | 'getJob' | 'listJobs'>;

const JOB_COLUMNS = columnsOf<JobRow>({
  job_id: true,
  tenant_id: true,
  plan: true,
  owner_email: true,
  requested_by: true,
  status: true,
  current_step: true,
  total_steps: true,
  completed_steps: true,
  retry_count: true,
  max_retries: true,
  failed_step: true,
  error_type: true,
  error_message: true,
  last_action_by: true,
  started_at: true,
  finished_at: true,
  updated_at: true,
  progress: true,
});

/** The job half of the store, over an open, migrated connection. */
export function jobMethods(db: Database): JobMethods {
  // Timestamps are canonical UTC ISO strings (record-schemas.ts), so string order is time order.
  const upsert = db.prepare<[JobRow]>(
    upsertSql(
      'jobs',
      JOB_COLUMNS,
      ['job_id'],
      // Never backwards in time, and never over the completed record of another run (one owner per tenant).
      "excluded.updated_at >= jobs.updated_at AND NOT (jobs.status = 'completed' AND excluded.started_at <> jobs.started_at)",
    ),
  );
  const get = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE job_id = ?');

  return {
    async upsertJob(job) {
      upsert.run(jobToRow(parseStoreInput(JobRecordSchema, job, 'upsertJob')));
    },

    async getJob(jobId) {
      const row = get.get(jobId);
      return row ? jobFromRow(row) : undefined;
    },

    async listJobs(filter = {}) {
      const query = jobListQuery(parseStoreInput(JobFilterSchema, filter, 'listJobs'));
      return db
        .prepare<unknown[], JobRow>(query.sql)
        .all(...query.params)
        .map(jobFromRow);
    },
  };
}
