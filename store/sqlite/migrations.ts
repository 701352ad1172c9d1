/**
 * Schema migrations of the SQLite Brain store: an ordered, append-only list. Each one is applied once, at open,
 * inside one IMMEDIATE transaction together with its row in `schema_migrations`, so two processes opening the same
 * file (worker and API) never apply a migration twice. Never edit a released migration: append a new one.
 *
 * Enumerated columns (statuses, plans) carry no CHECK constraint on purpose: the zod schemas at the store boundary
 * validate them, and SQLite cannot alter a CHECK without rebuilding the table when a contract gains a value.
 */
import type { Database } from 'better-sqlite3';
import { StoreError, StoreErrorType } from '../errors';

export interface Migration {
  /** Strictly increasing, starting at 1. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE instances (
        tenant_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        plan TEXT NOT NULL,
        owner_email TEXT NOT NULL,
        owner_name TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        region TEXT,
        status TEXT NOT NULL,
        resources TEXT NOT NULL,
        job_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        activated_at TEXT,
        last_health_check_at TEXT,
        unhealthy_since TEXT
      );
      CREATE INDEX idx_instances_status ON instances (status);
      CREATE INDEX idx_instances_plan ON instances (plan);
      CREATE INDEX idx_instances_created_at ON instances (created_at);
      CREATE INDEX idx_instances_requested_by ON instances (requested_by);
      CREATE INDEX idx_instances_owner_email ON instances (owner_email);

      CREATE TABLE jobs (
        job_id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        plan TEXT NOT NULL,
        owner_email TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        status TEXT NOT NULL,
        current_step TEXT,
        total_steps INTEGER NOT NULL,
        completed_steps INTEGER NOT NULL,
        retry_count INTEGER NOT NULL,
        max_retries INTEGER NOT NULL,
        failed_step TEXT,
        error_type TEXT,
        error_message TEXT,
        last_action_by TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        updated_at TEXT NOT NULL,
        progress TEXT NOT NULL
      );
      CREATE INDEX idx_jobs_status ON jobs (status);
      CREATE INDEX idx_jobs_tenant_id ON jobs (tenant_id);
      CREATE INDEX idx_jobs_started_at ON jobs (started_at);

      CREATE TABLE emails (
        idempotency_key TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        to_email TEXT NOT NULL,
        state TEXT NOT NULL,
        provider_message_id TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
      );
      CREATE INDEX idx_emails_job_id ON emails (job_id);
      CREATE INDEX idx_emails_tenant_id ON emails (tenant_id);

      CREATE TABLE leaks (
        job_id TEXT NOT NULL,
        step TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        resources TEXT NOT NULL,
        error TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (job_id, step)
      );
      CREATE INDEX idx_leaks_tenant_id ON leaks (tenant_id);

      CREATE TABLE orphan_scans (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        scan_id TEXT NOT NULL UNIQUE,
        saved_at TEXT NOT NULL
      );

      CREATE TABLE orphans (
        scan_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        name TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        resource_created_at TEXT NOT NULL,
        age_ms INTEGER NOT NULL,
        likely_job_id TEXT NOT NULL,
        detected_at TEXT NOT NULL,
        status TEXT NOT NULL,
        cleaned_at TEXT,
        cleaned_by TEXT,
        cleanup_error TEXT,
        PRIMARY KEY (scan_id, provider, resource_id)
      );
      CREATE INDEX idx_orphans_scan_id ON orphans (scan_id);
      CREATE INDEX idx_orphans_status ON orphans (status);
    `,
  },
  {
    version: 2,
    name: 'instance reservations by job run; operator alerts',
    sql: `
      ALTER TABLE instances ADD COLUMN reserved_by TEXT;

      CREATE TABLE operator_alerts (
        idempotency_key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        job_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX idx_operator_alerts_tenant_id ON operator_alerts (tenant_id);
      CREATE INDEX idx_operator_alerts_job_id ON operator_alerts (job_id);
    `,
  },
  {
    version: 3,
    name: 'provisioning metrics per finished run',
    sql: `
      CREATE TABLE provisioning_metrics (
        job_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        plan TEXT NOT NULL,
        outcome TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        failed_step TEXT,
        error_type TEXT,
        failures TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        retries INTEGER NOT NULL,
        hit_fault INTEGER NOT NULL,
        auto_recovered INTEGER NOT NULL,
        step_durations TEXT NOT NULL,
        PRIMARY KEY (job_id, started_at)
      );
      -- Covers the summary's aggregate queries (range, outcome, durations, fault counts) without reading the rows.
      CREATE INDEX idx_provisioning_metrics_finished_at
        ON provisioning_metrics (finished_at, outcome, duration_ms, hit_fault, auto_recovered);
    `,
  },
  {
    version: 4,
    name: 'audit trail, client blocks and status-page tokens',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        source TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX idx_audit_actor ON audit_log (actor, at);
      CREATE INDEX idx_audit_target ON audit_log (target, at);
      CREATE INDEX idx_audit_at ON audit_log (at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;

      CREATE TABLE client_blocks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client TEXT NOT NULL,
        reason TEXT NOT NULL,
        blocked_at TEXT NOT NULL,
        until TEXT NOT NULL,
        blocked_by TEXT NOT NULL,
        lifted_at TEXT,
        lifted_by TEXT
      );
      CREATE INDEX idx_client_blocks_client ON client_blocks (client, until);

      CREATE TABLE status_tokens (
        token_hash TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        tenant_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX idx_status_tokens_job ON status_tokens (job_id);
    `,
  },
  {
    version: 5,
    name: 'health sweeps, transitions and alerts',
    sql: `
      ALTER TABLE instances ADD COLUMN health_checks TEXT;
      CREATE INDEX idx_instances_last_health_check_at ON instances (last_health_check_at);

      CREATE TABLE health_transitions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        at TEXT NOT NULL,
        sweep_id TEXT NOT NULL,
        checks TEXT NOT NULL
      );
      CREATE INDEX idx_health_transitions_tenant_id ON health_transitions (tenant_id, seq);

      CREATE TABLE health_alerts (
        alert_id TEXT PRIMARY KEY,
        tenant_id TEXT,
        kind TEXT NOT NULL,
        status TEXT,
        since TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        resolved_at TEXT,
        email_state TEXT NOT NULL,
        webhook_state TEXT NOT NULL,
        webhook_attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX idx_health_alerts_open ON health_alerts (tenant_id) WHERE kind = 'unhealthy' AND resolved_at IS NULL;
      CREATE INDEX idx_health_alerts_undelivered ON health_alerts (raised_at)
        WHERE email_state = 'pending' OR webhook_state = 'pending';

      CREATE TABLE health_sweeps (
        sweep_id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        completed_at TEXT,
        checked INTEGER NOT NULL,
        counts TEXT
      );
      CREATE INDEX idx_health_sweeps_completed_at ON health_sweeps (completed_at);
    `,
  },
  {
    version: 6,
    name: 'health KPIs: the check before each transition, the coverage of each sweep',
    sql: `
      -- The instance's previous check (or its activation), read just before a transition is written: the last time
      -- it was seen in from_status, so a detection's window is (previous_check_at, at]. NULL for older rows.
      ALTER TABLE health_transitions ADD COLUMN previous_check_at TEXT;
      -- Detections (an episode's start) by time, for MTTD over a date range.
      CREATE INDEX idx_health_transitions_detections ON health_transitions (at, previous_check_at)
        WHERE from_status = 'active';

      -- Counted by the store when the sweep is saved completed: live instances activated before it started, and
      -- how many of them it checked. NULL for sweeps completed before this migration.
      ALTER TABLE health_sweeps ADD COLUMN targets INTEGER;
      ALTER TABLE health_sweeps ADD COLUMN covered INTEGER;
    `,
  },
];

/**
 * Brings `db` up to the latest schema and returns the versions applied now (empty when it was already current).
 * Idempotent; safe when another process opens the same file at the same time (the IMMEDIATE transaction takes the
 * write lock before reading what is applied). Throws `StoreSchemaTooNew` when the file knows more migrations.
 */
export function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const run = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const row = db
      .prepare<[], { current: number | null }>('SELECT MAX(version) AS current FROM schema_migrations')
      .get();
    const current = row?.current ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        StoreErrorType.SchemaTooNew,
        `the database is at schema version ${current}, this build knows up to ${latest}; upgrade the code`,
      );
    }
    const record = db.prepare<[number, string, string]>(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    }
    return applied;
  });
  return run.immediate();
}
