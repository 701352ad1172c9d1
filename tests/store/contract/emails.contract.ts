/**
 * Contract of the email idempotency records: a key is reserved once, marked sent once, and listed by job or tenant.
 */
import type { BrainStore } from '../../../store/port';
import { StoreErrorType } from '../../../store/errors';

type Reservation = Parameters<BrainStore['reserveEmail']>[0];

function reservation(overrides: Partial<Reservation> & { idempotencyKey: string }): Reservation {
  return {
    jobId: 'provision-acme',
    tenantId: 'acme',
    kind: 'ready',
    toEmail: 'owner@acme.example',
    createdAt: '2025-01-10T12:00:00.000Z',
    ...overrides,
  };
}

export function describeEmailContract(getStore: () => BrainStore): void {
  describe('emails', () => {
    it('reserves a new key as `sending`', async () => {
      expect(await getStore().reserveEmail(reservation({ idempotencyKey: 'provision-acme:ready' }))).toBe(true);
      expect(await getStore().getEmail('provision-acme:ready')).toEqual({
        ...reservation({ idempotencyKey: 'provision-acme:ready' }),
        state: 'sending',
        providerMessageId: null,
        sentAt: null,
      });
      expect(await getStore().getEmail('provision-acme:welcome')).toBeUndefined();
    });

    it('refuses a second reservation of the same key and leaves the first untouched', async () => {
      const first = reservation({ idempotencyKey: 'provision-acme:ready' });
      expect(await getStore().reserveEmail(first)).toBe(true);
      const second = reservation({
        idempotencyKey: 'provision-acme:ready',
        toEmail: 'someone-else@acme.example',
        createdAt: '2025-01-10T12:01:00.000Z',
      });
      expect(await getStore().reserveEmail(second)).toBe(false);
      expect(await getStore().getEmail('provision-acme:ready')).toMatchObject({
        toEmail: 'owner@acme.example',
        createdAt: '2025-01-10T12:00:00.000Z',
        state: 'sending',
      });
    });

    it('marks a reserved email sent, and a sent key still cannot be reserved again', async () => {
      await getStore().reserveEmail(reservation({ idempotencyKey: 'provision-acme:ready' }));
      await getStore().markEmailSent('provision-acme:ready', 'sg-msg-1', '2025-01-10T12:00:02.000Z');
      expect(await getStore().getEmail('provision-acme:ready')).toMatchObject({
        state: 'sent',
        providerMessageId: 'sg-msg-1',
        sentAt: '2025-01-10T12:00:02.000Z',
      });
      expect(await getStore().reserveEmail(reservation({ idempotencyKey: 'provision-acme:ready' }))).toBe(false);
      expect((await getStore().getEmail('provision-acme:ready'))?.state).toBe('sent');
    });

    it('accepts a sent email without a provider message ID, and ignores marking an unknown key', async () => {
      await getStore().reserveEmail(reservation({ idempotencyKey: 'k1' }));
      await getStore().markEmailSent('k1', null, '2025-01-10T12:00:02.000Z');
      expect(await getStore().getEmail('k1')).toMatchObject({ state: 'sent', providerMessageId: null });
      await expect(getStore().markEmailSent('unknown', 'x', '2025-01-10T12:00:02.000Z')).resolves.toBeUndefined();
      expect(await getStore().getEmail('unknown')).toBeUndefined();
    });

    it('lists emails oldest first, by job or tenant', async () => {
      await getStore().reserveEmail(reservation({ idempotencyKey: 'b', createdAt: '2025-01-10T12:05:00.000Z' }));
      await getStore().reserveEmail(reservation({ idempotencyKey: 'a', createdAt: '2025-01-10T12:00:00.000Z' }));
      await getStore().reserveEmail(
        reservation({ idempotencyKey: 'c', jobId: 'provision-other', tenantId: 'other', kind: 'started' }),
      );
      const keys = (emails: { idempotencyKey: string }[]) => emails.map((email) => email.idempotencyKey);
      expect(keys(await getStore().listEmails())).toEqual(['a', 'c', 'b']);
      expect(keys(await getStore().listEmails({ jobId: 'provision-acme' }))).toEqual(['a', 'b']);
      expect(keys(await getStore().listEmails({ tenantId: 'other' }))).toEqual(['c']);
      expect(await getStore().listEmails({ jobId: 'provision-acme', tenantId: 'other' })).toEqual([]);
    });

    it('rejects an invalid reservation with StoreInvalidRecord', async () => {
      const invalid = { ...reservation({ idempotencyKey: 'k' }), kind: 'spam' } as unknown as Reservation;
      await expect(getStore().reserveEmail(invalid)).rejects.toMatchObject({ type: StoreErrorType.InvalidRecord });
      expect(await getStore().getEmail('k')).toBeUndefined();
    });
  });
}
