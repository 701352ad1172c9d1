/**
 * Records of the API's access control that the Brain store keeps (audit trail, client blocks, public status-page
 * tokens), re-exported by ./port.ts.
 */

/** Where an audited action came from. */
export const AUDIT_SOURCES = ['api', 'cli', 'temporal-ui', 'temporal-cli', 'schedule', 'worker'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

/** One audited action as handed to the store; the store numbers it and chains it to the entry before. */
export interface AuditEntryInput {
  at: string;
  /** Who: the authenticated principal (API), the OS user (CLI), the Temporal identity (UI, `temporal` CLI). */
  actor: string;
  source: AuditSource;
  /** What, e.g. `job.start`, `job.retry`, `auth.failure`, `client.block`. */
  action: string;
  /** On what: a job ID, tenant ID, client address, scan ID. */
  target: string;
  /** `ok`, or what went wrong (`rejected:<code>`, `error`). */
  outcome: string;
  detail?: Record<string, unknown>;
}

/** A stored audit entry: numbered from 1 without gaps, `hash` covers its fields and the hash before it. */
export interface AuditEntry extends Required<AuditEntryInput> {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  target?: string;
  action?: string;
  /** Inclusive ISO bounds on `at`. */
  from?: string;
  to?: string;
  limit?: number;
}

/** The result of checking the whole chain: `firstBad` names the first entry that does not hold. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  headHash: string;
  firstBad?: { seq: number; reason: 'edited' | 'removed' | 'inserted_or_reordered'; message: string };
}

/** A block of a client address (or principal) after abuse; active until `until` unless lifted. */
export interface ClientBlockRecord {
  client: string;
  reason: string;
  blockedAt: string;
  until: string;
  blockedBy: string;
  liftedAt: string | null;
  liftedBy: string | null;
}

/** A public status-page token of a job; only the token's SHA-256 is stored. */
export interface StatusTokenRecord {
  tokenHash: string;
  jobId: string;
  /** The tenant's display name: the only tenant detail the public page shows. */
  tenantName: string;
  createdAt: string;
  revokedAt: string | null;
}
