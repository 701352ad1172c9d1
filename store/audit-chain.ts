/**
 * The audit trail's hash chain, shared by every store adapter: each entry's hash is SHA-256 over the hash before it
 * and the entry's own fields, so editing, removing, inserting or reordering an entry breaks the chain at that entry.
 * A chain proves order and integrity against anyone who cannot also recompute every later hash; keep the head hash
 * that `verify` prints somewhere else (a ticket, a log sink) to pin it.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerification } from './port';

/** The `prevHash` of the first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of an entry, in a fixed order; `detailJson` is the stored text of `detail`. */
export interface HashedAuditFields {
  seq: number;
  at: string;
  actor: string;
  source: string;
  action: string;
  target: string;
  outcome: string;
  detailJson: string;
}

export function auditEntryHash(prevHash: string, e: HashedAuditFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(JSON.stringify([e.seq, e.at, e.actor, e.source, e.action, e.target, e.outcome, e.detailJson]))
    .digest('hex');
}

/** A stored entry as the verifier sees it: the fields, the stored hashes and the stored detail text. */
export type StoredAuditEntry = HashedAuditFields & Pick<AuditEntry, 'prevHash' | 'hash'>;

/** Walks entries in stored order (by seq) and names the first one that breaks the chain. */
export function verifyAuditChain(entries: Iterable<StoredAuditEntry>): AuditVerification {
  let expectedSeq = 1;
  let previousHash = AUDIT_GENESIS_HASH;
  let count = 0;
  for (const entry of entries) {
    count++;
    if (entry.seq > expectedSeq) {
      return bad(
        count,
        previousHash,
        entry.seq,
        'removed',
        `entry ${expectedSeq} is missing before entry ${entry.seq}`,
      );
    }
    if (entry.seq < expectedSeq || entry.prevHash !== previousHash) {
      return bad(
        count,
        previousHash,
        entry.seq,
        'inserted_or_reordered',
        `entry ${entry.seq} does not follow entry ${expectedSeq - 1} (its previous hash differs)`,
      );
    }
    if (auditEntryHash(entry.prevHash, entry) !== entry.hash) {
      return bad(count, previousHash, entry.seq, 'edited', `entry ${entry.seq} was changed after it was written`);
    }
    previousHash = entry.hash;
    expectedSeq++;
  }
  return { ok: true, entries: count, headHash: previousHash };
}

function bad(
  entries: number,
  headHash: string,
  seq: number,
  reason: NonNullable<AuditVerification['firstBad']>['reason'],
  message: string,
): AuditVerification {
  return { ok: false, entries, headHash, firstBad: { seq, reason, message } };
}
