import type { SendEmailInput } from '../../activities/contract';
import { FailureType } from '../../workflows/contracts/provision-tenant';
import { rejectionOf, startActivityEnv, uniqueTenantId, type ActivityEnv } from '../helpers/activity-env';

let env: ActivityEnv;

beforeAll(async () => {
  env = await startActivityEnv();
});
afterAll(() => env.close());
afterEach(() => env.control.faults.clear());

function readyEmail(tenantId: string, overrides: Partial<SendEmailInput> = {}): SendEmailInput {
  const jobId = `provision-${tenantId}`;
  return {
    tenantId,
    jobId,
    kind: 'ready',
    to: { email: `owner-${tenantId}@example.com`, name: 'Ada' },
    idempotencyKey: `${jobId}:ready`,
    data: { tenantName: 'Acme', loginUrl: `https://brain.example/login/${tenantId}` },
    ...overrides,
  };
}

async function emailsTo(address: string) {
  return (await env.control.inventory()).sendgrid.emails.filter((e) => e.to.includes(address));
}

describe('sendEmail', () => {
  it('sends once per idempotency key; a second run is a duplicate and does not call SendGrid', async () => {
    const tenantId = uniqueTenantId();
    const input = readyEmail(tenantId);
    const first = await env.run(env.activities.sendEmail, input, { info: { attempt: 2 } });
    expect(first).toEqual({ sent: true, duplicate: false, attempt: 2 });
    const second = await env.run(env.activities.sendEmail, input);
    expect(second).toEqual({ sent: false, duplicate: true, attempt: 1 });

    const emails = await emailsTo(input.to.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      subject: 'Acme is ready',
      from: env.config.providers.sendgrid.from,
      categories: ['provisioning', 'ready'],
      customArgs: { idempotency_key: input.idempotencyKey, job_id: input.jobId },
    });
    expect(emails[0]?.text).toContain(`https://brain.example/login/${tenantId}`);
    const record = await env.store.getEmail(input.idempotencyKey);
    expect(record).toMatchObject({ state: 'sent', kind: 'ready', tenantId, providerMessageId: emails[0]?.messageId });
  });

  it('escapes template data in the HTML that is sent', async () => {
    const tenantId = uniqueTenantId();
    const input = readyEmail(tenantId, {
      kind: 'failed',
      idempotencyKey: `provision-${tenantId}:failed:0`,
      data: { tenantName: '<img src=x onerror=alert(1)>', failedStep: 'deployFrontend', jobReference: '<b>ref</b>' },
    });
    await env.run(env.activities.sendEmail, input);
    const [email] = await emailsTo(input.to.email);
    expect(email?.html).not.toContain('<img');
    expect(email?.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email?.html).toContain('&lt;b&gt;ref&lt;/b&gt;');
    expect(email?.html).toContain(env.config.provisioning.supportUrl);
  });

  it('a 500 leaves the key reserved but unsent; the retry sends exactly one email', async () => {
    const tenantId = uniqueTenantId();
    const input = readyEmail(tenantId);
    await env.control.faults.add({ provider: 'sendgrid', operation: 'send', kind: 'error_500', count: 1 });
    const failure = await rejectionOf(env.run(env.activities.sendEmail, input));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    expect(failure.nonRetryable).toBe(false);
    expect((await env.store.getEmail(input.idempotencyKey))?.state).toBe('sending');
    expect(await emailsTo(input.to.email)).toHaveLength(0);

    const retry = await env.run(env.activities.sendEmail, input, { info: { attempt: 2 } });
    expect(retry).toEqual({ sent: true, duplicate: false, attempt: 2 });
    expect(await emailsTo(input.to.email)).toHaveLength(1);
  });

  it.each([
    ['timeout', FailureType.ProviderUnavailable, false],
    ['rate_limit_429', FailureType.ProviderRateLimited, false],
    ['unauthorized_401', FailureType.ProviderAuthFailed, true],
    ['quota_exceeded', FailureType.ProviderQuotaExceeded, true],
  ] as const)('%s on send fails with %s (nonRetryable %s)', async (kind, type, nonRetryable) => {
    const tenantId = uniqueTenantId();
    await env.control.faults.add({ provider: 'sendgrid', operation: 'send', kind, count: 1 });
    const failure = await rejectionOf(env.run(env.activities.sendEmail, readyEmail(tenantId)));
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    if (kind === 'rate_limit_429') expect((failure as { nextRetryDelay?: unknown }).nextRetryDelay).toBe(1000);
  });

  it('an unverified sender is refused by SendGrid (403): ProviderAuthFailed, never retried, nothing sent', async () => {
    const unverified = await startActivityEnv({ MAIL_FROM: 'someone@unverified.test' });
    try {
      const tenantId = uniqueTenantId();
      const failure = await rejectionOf(unverified.run(unverified.activities.sendEmail, readyEmail(tenantId)));
      expect(failure.type).toBe(FailureType.ProviderAuthFailed);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain('403');
      expect((await unverified.control.inventory()).sendgrid.emails).toEqual([]);
    } finally {
      await unverified.close();
    }
  });

  it('rejects a bad recipient address as InvalidInput before touching the store', async () => {
    const tenantId = uniqueTenantId();
    const input = readyEmail(tenantId, { to: { email: 'not-an-address', name: 'Ada' } });
    const failure = await rejectionOf(env.run(env.activities.sendEmail, input));
    expect(failure.type).toBe(FailureType.InvalidInput);
    expect(failure.message).toContain('to.email');
    expect(await env.store.getEmail(input.idempotencyKey)).toBeUndefined();
  });
});
