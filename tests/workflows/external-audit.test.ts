/**
 * Retries and cancels that bypass the API: sent with the `temporal` CLI itself, they reach the job directly, and the
 * job records them in the audit trail with the identity the server put in the history event
 * (`temporal-cli:<user>@<host>`). The same actions sent by this project's own client are not recorded twice.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { temporalAddress, temporalNamespace } from '../helpers/temporal';
import { provisionTenant } from '../../workflows/provision-tenant';
import { provisionWorkflowId, retrySignal } from '../../workflows/contracts/provision-tenant';
import { expectCancelled, tenantInput, uniqueTenantId, waitForStatus } from './workflow-test-utils';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { PROVISION_CLEANUP_GRACE: '10m' } });
});
afterEach(async () => {
  await stack.faults.clear();
});
afterAll(async () => {
  await stack?.close();
});

async function temporal(...args: string[]): Promise<void> {
  const cli = process.env.TEMPORAL_CLI;
  if (!cli) throw new Error('TEMPORAL_CLI is not set: run the tests with ./temporal-dev.sh test');
  await run(cli, [...args, '--address', temporalAddress(), '--namespace', temporalNamespace()]);
}

async function startFailingJob(prefix: string) {
  const tenantId = uniqueTenantId(prefix);
  await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401', count: 1 });
  const handle = await stack.client.workflow.start(provisionTenant, {
    workflowId: provisionWorkflowId(tenantId),
    taskQueue: stack.taskQueue,
    args: [tenantInput(tenantId)],
  });
  await stack.runWorkerUntil(() => waitForStatus(handle, 'failed'));
  return handle;
}

it('records a retry sent from the temporal CLI, with its identity', async () => {
  const handle = await startFailingJob('ext-retry');
  await temporal(
    'workflow',
    'signal',
    '--workflow-id',
    handle.workflowId,
    '--name',
    'retry',
    '--input',
    '{"requestedBy":"ops"}',
  );
  await stack.runWorkerUntil(() => handle.result());
  const entries = await stack.store.listAudit({ target: handle.workflowId });
  expect(entries).toEqual([
    expect.objectContaining({
      source: 'temporal-cli',
      action: 'job.retry',
      outcome: 'ok',
      actor: expect.stringMatching(/^temporal-cli:.+@.+/),
    }),
  ]);
});

it('records a cancel sent from the temporal CLI, after compensating', async () => {
  const handle = await startFailingJob('ext-cancel');
  await temporal('workflow', 'cancel', '--workflow-id', handle.workflowId);
  await stack.runWorkerUntil(() => expectCancelled(handle));
  const entries = await stack.store.listAudit({ target: handle.workflowId });
  expect(entries).toEqual([
    expect.objectContaining({
      source: 'temporal-cli',
      action: 'job.cancel',
      // The CLI cancels through its Go SDK client: that client's default identity, `<pid>@<host>@`.
      actor: expect.stringMatching(/^\d+@.+@$/),
    }),
  ]);
});

it("does not record again what this project's own client sent (the API and CLI audit it)", async () => {
  const handle = await startFailingJob('ext-own');
  await handle.signal(retrySignal, { requestedBy: 'ops' });
  await stack.runWorkerUntil(() => handle.result());
  expect(await stack.store.listAudit({ target: handle.workflowId })).toEqual([]);
});
