/**
 * Blocked clients of the SQLite Brain store: one row per block, kept after it ends or is lifted (the audit trail
 * says who did what; this table answers "is this client blocked now" for every API process sharing the file).
 */
import type { Database } from 'better-sqlite3';
import { ClientBlockInputSchema } from '../audit-schemas';
import type { BrainStore, ClientBlockRecord } from '../port';
import { isoTimestamp, parseStoreInput } from '../record-schemas';

type BlockMethods = Pick<BrainStore, 'blockClient' | 'getActiveBlock' | 'listBlocks' | 'liftBlock'>;

interface BlockRow {
  client: string;
  reason: string;
  blocked_at: string;
  until: string;
  blocked_by: string;
  lifted_at: string | null;
  lifted_by: string | null;
}

function blockOf(row: BlockRow): ClientBlockRecord {
  return {
    client: row.client,
    reason: row.reason,
    blockedAt: row.blocked_at,
    until: row.until,
    blockedBy: row.blocked_by,
    liftedAt: row.lifted_at,
    liftedBy: row.lifted_by,
  };
}

const ACTIVE = 'lifted_at IS NULL AND until > ?';

export function blockMethods(db: Database): BlockMethods {
  const insert = db.prepare<[BlockRow]>(
    `INSERT INTO client_blocks (client, reason, blocked_at, until, blocked_by, lifted_at, lifted_by)
     VALUES (@client, @reason, @blocked_at, @until, @blocked_by, @lifted_at, @lifted_by)`,
  );
  const active = db.prepare<[string, string], BlockRow>(
    `SELECT * FROM client_blocks WHERE client = ? AND ${ACTIVE} ORDER BY until DESC LIMIT 1`,
  );
  const listActive = db.prepare<[string], BlockRow>(
    `SELECT * FROM client_blocks WHERE ${ACTIVE} ORDER BY blocked_at DESC, id DESC`,
  );
  const listAll = db.prepare<[], BlockRow>('SELECT * FROM client_blocks ORDER BY blocked_at DESC, id DESC');
  const lift = db.prepare<[string, string, string, string]>(
    `UPDATE client_blocks SET lifted_at = ?, lifted_by = ? WHERE client = ? AND ${ACTIVE}`,
  );

  return {
    async blockClient(block) {
      const valid = parseStoreInput(ClientBlockInputSchema, block, 'blockClient');
      insert.run({
        client: valid.client,
        reason: valid.reason,
        blocked_at: valid.blockedAt,
        until: valid.until,
        blocked_by: valid.blockedBy,
        lifted_at: null,
        lifted_by: null,
      });
    },

    async getActiveBlock(client, at) {
      const row = active.get(client, parseStoreInput(isoTimestamp, at, 'getActiveBlock'));
      return row ? blockOf(row) : undefined;
    },

    async listBlocks(filter = {}) {
      const rows =
        filter.activeAt === undefined
          ? listAll.all()
          : listActive.all(parseStoreInput(isoTimestamp, filter.activeAt, 'listBlocks'));
      return rows.map(blockOf);
    },

    async liftBlock(client, by, at) {
      const when = parseStoreInput(isoTimestamp, at, 'liftBlock');
      return lift.run(when, by, client, when).changes > 0;
    },
  };
}
