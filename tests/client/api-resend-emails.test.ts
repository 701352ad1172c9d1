/**
 * `POST /provisioning/:jobId/resend-emails` against a real worker: it runs the resendEmails workflow (the API calls
 * no provider), sends what the owner never got (or everything with `force`), and answers 4xx for a job that has no
 * provisioned instance, an unknown job, bad input and a missing admin token. Each test has its own tenant.
 */
import { provisionTenant } from '../../workflows';
import { provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import { emailsTo, tenantInput, uniqueTenantId } from '../workflows/workflow-test-utils';
import { startApiFixture, type ApiFixture } from './api-fixture';

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture();
});
afterAll(async () => {
  await api?.close();
});

async function provisioned(prefix: string): Promise<{ tenantId: string; jobId: string }> {
  const tenantId = uniqueTenantId(prefix);
  await api.stack.client.workflow.execute(provisionTenant, {
    taskQueue: api.stack.taskQueue,
    workflowId: provisionWorkflowId(tenantId),
    args: [tenantInput(tenantId)],
  });
  return { tenantId, jobId: provisionWorkflowId(tenantId) };
}

const kindsSentTo = async (tenantId: string) =>
  emailsTo(await api.stack.inventory(), tenantId)
    .map((e) => e.categories?.[1])
    .sort();

it('skips what the owner already got, and resends everything with force', async () => {
  const { tenantId, jobId } = await provisioned('resend-api');
  const plain = await api.call('POST', `/provisioning/${jobId}/resend-emails`, { admin: true });
  expect(plain).toMatchObject({ status: 200, json: { jobId, tenantId, sent: [], skipped: ['ready', 'welcome'] } });

  const forced = await api.call('POST', `/provisioning/${jobId}/resend-emails`, {
    admin: true,
    body: { force: true, kinds: ['welcome'], requestedBy: 'support@brain.example' },
  });
  expect(forced).toMatchObject({ status: 200, json: { sent: ['welcome'], skipped: [] } });
  expect(await kindsSentTo(tenantId)).toEqual(['ready', 'started', 'welcome', 'welcome']);
});

it('answers 400 naming jobId for a job whose tenant is not provisioned', async () => {
  const jobId = provisionWorkflowId(uniqueTenantId('resend-none'));
  const response = await api.call('POST', `/provisioning/${jobId}/resend-emails`, { admin: true });
  expect(response.status).toBe(400);
  expect(response.json).toMatchObject({ error: { code: 'invalid_input' } });
  expect(JSON.stringify(response.json)).toContain('jobId');
});

it('answers 404 for an ID that is not a job, 400 for bad input, 401 without a credential, 403 for Brain', async () => {
  expect((await api.call('POST', '/provisioning/not-a-job/resend-emails', { admin: true })).status).toBe(404);
  const bad = await api.call('POST', `/provisioning/${provisionWorkflowId('acme-co')}/resend-emails`, {
    admin: true,
    body: { kinds: ['failed'] },
  });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.json)).toContain('kinds');
  const anonymous = await api.call('POST', `/provisioning/${provisionWorkflowId('acme-co')}/resend-emails`, {
    as: 'none',
  });
  expect(anonymous.status).toBe(401);
  const brain = await api.call('POST', `/provisioning/${provisionWorkflowId('acme-co')}/resend-emails`, {
    as: 'brain',
  });
  expect(brain.status).toBe(403);
});
