/** Contract: the audit trail (append, query, verify) and client blocks. */
import type { AuditEntryInput, BrainStore } from '../../../store/port';

export function auditInput(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    at: '2026-01-02T03:04:05.000Z',
    actor: 'ops',
    source: 'api',
    action: 'job.retry',
    target: 'provision-acme',
    outcome: 'ok',
    ...overrides,
  };
}

export function describeAuditContract(getStore: () => BrainStore): void {
  describe('audit trail', () => {
    it('numbers entries from 1 and chains each to the one before', async () => {
      const store = getStore();
      const first = await store.appendAudit(auditInput());
      const second = await store.appendAudit(auditInput({ action: 'job.cancel', detail: { onBehalfOf: 'ceo' } }));
      expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64), detail: {} });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, detail: { onBehalfOf: 'ceo' } });
      expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 2, headHash: second.hash });
    });

    it('verifies an empty trail', async () => {
      expect(await getStore().verifyAudit()).toEqual({ ok: true, entries: 0, headHash: '0'.repeat(64) });
    });

    it('is queried by actor, target, action and time range, oldest first', async () => {
      const store = getStore();
      await store.appendAudit(auditInput({ actor: 'ops', target: 'provision-a', at: '2026-01-01T10:00:00Z' }));
      await store.appendAudit(auditInput({ actor: 'brain', target: 'provision-b', at: '2026-01-02T10:00:00Z' }));
      await store.appendAudit(auditInput({ actor: 'ops', target: 'provision-b', at: '2026-01-03T10:00:00Z' }));
      const seqs = async (filter: Parameters<BrainStore['listAudit']>[0]) =>
        (await store.listAudit(filter)).map((e) => e.seq);
      expect(await seqs({ actor: 'ops' })).toEqual([1, 3]);
      expect(await seqs({ target: 'provision-b' })).toEqual([2, 3]);
      expect(await seqs({ from: '2026-01-02', to: '2026-01-02' })).toEqual([2]);
      expect(await seqs({ actor: 'ops', from: '2026-01-02T00:00:00Z' })).toEqual([3]);
      expect(await seqs({ limit: 1 })).toEqual([1]);
    });

    it('rejects an invalid entry naming the field', async () => {
      await expect(getStore().appendAudit(auditInput({ source: 'email' as never }))).rejects.toMatchObject({
        type: 'StoreInvalidRecord',
        message: expect.stringContaining('source'),
      });
    });
  });

  describe('client blocks', () => {
    it('blocks until a time, lists what is in force and lifts it once', async () => {
      const store = getStore();
      await store.blockClient({
        client: '10.0.0.9',
        reason: 'auth failures',
        blockedAt: '2026-01-01T00:00:00Z',
        until: '2026-01-01T01:00:00Z',
        blockedBy: 'system',
      });
      expect(await store.getActiveBlock('10.0.0.9', '2026-01-01T00:30:00Z')).toMatchObject({ reason: 'auth failures' });
      expect(await store.getActiveBlock('10.0.0.9', '2026-01-01T01:00:00Z')).toBeUndefined();
      expect(await store.getActiveBlock('10.0.0.8', '2026-01-01T00:30:00Z')).toBeUndefined();
      expect(await store.listBlocks({ activeAt: '2026-01-01T00:30:00Z' })).toHaveLength(1);

      expect(await store.liftBlock('10.0.0.9', 'ops', '2026-01-01T00:40:00Z')).toBe(true);
      expect(await store.liftBlock('10.0.0.9', 'ops', '2026-01-01T00:41:00Z')).toBe(false);
      expect(await store.getActiveBlock('10.0.0.9', '2026-01-01T00:45:00Z')).toBeUndefined();
      expect(await store.listBlocks()).toEqual([
        expect.objectContaining({ client: '10.0.0.9', liftedBy: 'ops', liftedAt: '2026-01-01T00:40:00.000Z' }),
      ]);
    });
  });
}
