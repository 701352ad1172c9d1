/**
 * The SQLite audit trail against someone with the database file: the triggers refuse UPDATE and DELETE, and once an
 * attacker drops them, `verifyAudit` names the first edited, removed, inserted or reordered entry. Two connections
 * (as two processes) appending in turn still build one chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../store';
import type { BrainStore } from '../../store/port';
import { auditInput } from './contract/audit.contract';

const tempRoot = mkdtempSync(join(tmpdir(), 'audit-store-'));
let fileCount = 0;
let store: BrainStore;
let path: string;

beforeEach(async () => {
  path = join(tempRoot, `audit-${++fileCount}.db`);
  store = openSqliteStore(path, { create: true });
  for (let i = 1; i <= 5; i++) {
    await store.appendAudit(auditInput({ actor: `actor-${i}`, target: `provision-t${i}`, detail: { n: i } }));
  }
});

afterEach(async () => {
  await store.close();
});

afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

/** Runs `sql` on the file behind the adapter's back, as an attacker with write access would. */
function tamper(...statements: string[]): void {
  const db = new BetterSqlite3(path);
  try {
    for (const sql of statements) db.exec(sql);
  } finally {
    db.close();
  }
}

const DROP_TRIGGERS = ['DROP TRIGGER audit_log_no_update', 'DROP TRIGGER audit_log_no_delete'];

describe('append-only', () => {
  it('rejects UPDATE and DELETE in the database itself', () => {
    expect(() => tamper("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => tamper('DELETE FROM audit_log WHERE seq = 2')).toThrow(/append-only/);
  });
});

describe('verifyAudit names the first bad entry', () => {
  it('holds for the untouched trail', async () => {
    expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 5 });
  });

  it('detects an edited entry', async () => {
    tamper(...DROP_TRIGGERS, "UPDATE audit_log SET outcome = 'rejected:403' WHERE seq = 3");
    expect((await store.verifyAudit()).firstBad).toMatchObject({ seq: 3, reason: 'edited' });
  });

  it('detects an edited detail', async () => {
    tamper(...DROP_TRIGGERS, `UPDATE audit_log SET detail = '{"n":99}' WHERE seq = 4`);
    expect((await store.verifyAudit()).firstBad).toMatchObject({ seq: 4, reason: 'edited' });
  });

  it('detects a removed entry', async () => {
    tamper(...DROP_TRIGGERS, 'DELETE FROM audit_log WHERE seq = 2');
    expect((await store.verifyAudit()).firstBad).toMatchObject({ seq: 3, reason: 'removed' });
  });

  it('detects an inserted entry, even renumbered to close the gap', async () => {
    tamper(
      ...DROP_TRIGGERS,
      'UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3',
      'UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103',
      `INSERT INTO audit_log SELECT 3, at, 'intruder', source, action, target, outcome, detail, hash, hash
         FROM audit_log WHERE seq = 2`,
    );
    expect((await store.verifyAudit()).firstBad).toMatchObject({ seq: 3 });
    expect(['edited', 'inserted_or_reordered']).toContain((await store.verifyAudit()).firstBad?.reason);
  });

  it('detects two entries swapped (their numbers too)', async () => {
    tamper(
      ...DROP_TRIGGERS,
      'UPDATE audit_log SET seq = 100 WHERE seq = 2',
      'UPDATE audit_log SET seq = 2 WHERE seq = 3',
      'UPDATE audit_log SET seq = 3 WHERE seq = 100',
    );
    expect((await store.verifyAudit()).firstBad).toMatchObject({ seq: 2, reason: 'inserted_or_reordered' });
  });
});

describe('several processes', () => {
  it('keep one unbroken chain when they append in turn', async () => {
    const other = openSqliteStore(path);
    try {
      for (let i = 0; i < 10; i++) {
        await (i % 2 === 0 ? store : other).appendAudit(auditInput({ actor: `proc-${i % 2}` }));
      }
      expect(await other.verifyAudit()).toMatchObject({ ok: true, entries: 15 });
    } finally {
      await other.close();
    }
  });
});
