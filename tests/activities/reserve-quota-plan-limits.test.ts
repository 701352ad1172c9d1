/** reserveQuota with plan quotas: a job over its owner's or requester's limit fails TenantQuotaExceeded, non-retryable. */
import { FailureType } from '../../workflows/contracts/provision-tenant';
import { rejectionOf, reservation, startActivityEnv, uniqueTenantId, type ActivityEnv } from '../helpers/activity-env';

let env: ActivityEnv;

beforeAll(async () => {
  env = await startActivityEnv({ QUOTA_OWNER_CONCURRENT: 'free:1', QUOTA_REQUESTER_PER_DAY: 'pro:2' });
});
afterAll(() => env.close());

it("refuses an owner's second concurrent free tenant, naming no email", async () => {
  const owner = { plan: 'free' as const, ownerEmail: 'one-owner@example.com', requestedBy: 'brain-owner' };
  await env.run(env.activities.reserveQuota, reservation(uniqueTenantId('q-owner'), owner));
  const failure = await rejectionOf(
    env.run(env.activities.reserveQuota, reservation(uniqueTenantId('q-owner'), owner)),
  );
  expect(failure.type).toBe(FailureType.TenantQuotaExceeded);
  expect(failure.nonRetryable).toBe(true);
  expect(failure.message).toBe("the tenant's owner email already has 1 jobs in progress (limit 1)");
  expect(failure.message).not.toContain('one-owner@example.com');
});

it("refuses a requester's third pro job of the day", async () => {
  await env.run(env.activities.reserveQuota, reservation(uniqueTenantId('q-day')));
  await env.run(env.activities.reserveQuota, reservation(uniqueTenantId('q-day')));
  const extra = uniqueTenantId('q-day');
  const failure = await rejectionOf(env.run(env.activities.reserveQuota, reservation(extra)));
  expect(failure.type).toBe(FailureType.TenantQuotaExceeded);
  expect(failure.message).toBe('requester brain-quota already has 2 jobs started in the last 24 hours (limit 2)');
  expect(await env.store.getInstance(extra)).toBeUndefined();
});
