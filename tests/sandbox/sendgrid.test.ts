import type { Client } from '@sendgrid/client/src/client';
import sgMail from '@sendgrid/mail';
import { inventory, request, startTestSandbox, type TestSandbox } from './helpers';

let sb: TestSandbox;

function useKey(key: string): void {
  sgMail.setApiKey(key);
  // setApiKey resets the base URL to SendGrid's, so it is pointed at the sandbox afterwards.
  // `client` (the service's own Client instance) exists at runtime but not in the published types.
  (sgMail as unknown as { client: Client }).client.setDefaultRequest('baseUrl', sb.url);
}

async function rejection(promise: Promise<unknown>): Promise<{ code: number; response: { body: unknown } }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: number; response: { body: unknown } };
  }
  throw new Error('expected a rejection');
}

const mail = {
  to: { email: 'owner@acme.test', name: 'Olive' },
  from: 'provisioning@brain.local',
  subject: 'Your workspace is ready',
  text: 'Hello Olive',
  html: '<p>Hello Olive</p>',
  categories: ['provisioning'],
  customArgs: { jobId: 'provision-acme', idempotencyKey: 'provision-acme:ready' },
};

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.close());
beforeEach(async () => {
  await request(`${sb.url}/_sandbox/reset`, { method: 'POST' });
  useKey('SG.sandbox-key');
});

describe('SendGrid Mail Send through @sendgrid/mail', () => {
  it('answers 202 with an empty body and X-Message-Id, and captures the mail into the outbox', async () => {
    const [response] = await sgMail.send(mail);
    expect(response.statusCode).toBe(202);
    expect(response.body).toBe('');
    const messageId = response.headers['x-message-id'] as string;
    expect(messageId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const inv = await inventory(sb.url);
    expect(inv.sendgrid.emails).toEqual([
      {
        messageId,
        to: ['owner@acme.test'],
        cc: [],
        bcc: [],
        from: 'provisioning@brain.local',
        subject: 'Your workspace is ready',
        text: 'Hello Olive',
        html: '<p>Hello Olive</p>',
        templateId: null,
        dynamicTemplateData: null,
        categories: ['provisioning'],
        customArgs: { jobId: 'provision-acme', idempotencyKey: 'provision-acme:ready' },
        receivedAt: expect.any(String),
      },
    ]);
  });

  it('validates like SendGrid: 400 {errors:[{message, field, help}]} naming each bad field', async () => {
    const err = await rejection(sgMail.send({ to: 'not-an-email', from: 'nobody', text: 'x' }));
    expect(err.code).toBe(400);
    const body = err.response.body as { errors: { message: string; field: string | null; help: string | null }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['from.email', 'personalizations.0.to.0.email', 'subject']);
    for (const e of body.errors)
      expect(e).toEqual({ message: expect.any(String), field: e.field, help: expect.any(String) });
    expect((await inventory(sb.url)).sendgrid.emails).toEqual([]);
  });

  it('requires content or a template, and accepts a dynamic template without subject or content', async () => {
    const raw = await request(`${sb.url}/v3/mail/send`, {
      headers: { authorization: 'Bearer SG.sandbox-key' },
      json: { personalizations: [{ to: [{ email: 'a@b.test' }] }], from: { email: 'f@b.test' }, subject: 'no body' },
    });
    expect(raw.status).toBe(400);
    expect(raw.body).toEqual({ errors: [expect.objectContaining({ field: 'content' })] });

    const [response] = await sgMail.send({
      to: 'a@b.test',
      from: 'provisioning@brain.local',
      templateId: 'd-0123456789abcdef',
      dynamicTemplateData: { tenantName: 'Acme' },
    });
    expect(response.statusCode).toBe(202);
    const email = (await inventory(sb.url)).sendgrid.emails[0];
    expect(email).toMatchObject({
      templateId: 'd-0123456789abcdef',
      dynamicTemplateData: { tenantName: 'Acme' },
      subject: '',
    });
  });

  it('answers 401 for a key that is not a SendGrid key', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      useKey('not-a-sendgrid-key');
      expect(warn).toHaveBeenCalledWith('API key does not start with "SG.".');
    } finally {
      warn.mockRestore();
    }
    const err = await rejection(sgMail.send(mail));
    expect(err.code).toBe(401);
    expect(err.response.body).toEqual({ errors: [{ message: expect.any(String), field: null, help: null }] });
  });

  it('only validates in sandbox mode: 200 and nothing captured', async () => {
    const [response] = await sgMail.send({ ...mail, mailSettings: { sandboxMode: { enable: true } } });
    expect(response.statusCode).toBe(200);
    expect((await inventory(sb.url)).sendgrid.emails).toEqual([]);
  });

  it("answers 403 with SendGrid's error for a sender that is not a verified Sender Identity", async () => {
    const err = await rejection(sgMail.send({ ...mail, from: 'someone@unverified.test' }));
    expect(err.code).toBe(403);
    expect(err.response.body).toEqual({
      errors: [{ message: expect.stringContaining('verified Sender Identity'), field: 'from', help: null }],
    });
    expect((await inventory(sb.url)).sendgrid.emails).toEqual([]);
  });

  it('accepts the senders it is configured with', async () => {
    const other = await startTestSandbox({ verifiedSenders: ['Ops@Tenant.test'] });
    try {
      (sgMail as unknown as { client: Client }).client.setDefaultRequest('baseUrl', other.url);
      const [response] = await sgMail.send({ ...mail, from: 'ops@tenant.test' });
      expect(response.statusCode).toBe(202);
      expect((await rejection(sgMail.send(mail))).code).toBe(403);
    } finally {
      await other.close();
    }
  });
});
