/**
 * Drives jobs the way an admin does: with the `temporal` CLI itself (start, query progress, list by search
 * attribute) and with the admin scripts in scripts/ (list failed jobs, retry, describe, cancel).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { temporalAddress } from '../helpers/temporal';
import { provisionWorkflowId } from '../../workflows/contracts/provision-tenant';
import { resourcesOf, tenantInput, uniqueTenantId, waitForStatus } from '../workflows/workflow-test-utils';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../..');

function temporalCli(): string {
  const cli = process.env.TEMPORAL_CLI;
  if (!cli) throw new Error('TEMPORAL_CLI is not set: run the tests with ./temporal-dev.sh test');
  return cli;
}

async function temporal(...args: string[]): Promise<string> {
  const { stdout } = await run(temporalCli(), [...args, '--address', temporalAddress(), '--namespace', 'default']);
  return stdout;
}

async function script(name: string, ...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(path.join(REPO, 'scripts', name), args, {
      env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_NAMESPACE: 'default' },
    });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; code?: number };
    return { stdout: e.stdout ?? '', code: e.code ?? 1 };
  }
}

async function eventually<T>(fn: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('admin operations over the temporal CLI', () => {
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

  it('starts a job with `temporal workflow start`, queries its progress and finds it by ProvisioningStatus', async () => {
    const tenantId = uniqueTenantId('cli');
    const workflowId = provisionWorkflowId(tenantId);
    await temporal(
      'workflow', 'start', '--type', 'provisionTenant', '--task-queue', stack.taskQueue,
      '--workflow-id', workflowId, '--input', JSON.stringify(tenantInput(tenantId)),
    ); // prettier-ignore
    await temporal('workflow', 'result', '--workflow-id', workflowId);

    const progress = JSON.parse(
      await temporal('workflow', 'query', '--workflow-id', workflowId, '--name', 'progress', '--output', 'json'),
    ) as { queryResult: [{ status: string; percent: number }] };
    expect(progress.queryResult[0]).toMatchObject({ status: 'completed', percent: 100 });

    const listed = await eventually(
      () => temporal('workflow', 'list', '--query', `ProvisioningStatus="completed" AND TenantId="${tenantId}"`),
      (out) => out.includes(workflowId),
    );
    expect(listed).toContain(workflowId);
  });

  it('lists a failed job, retries it with the script, and it completes', async () => {
    await stack.faults.add({ provider: 'workos', operation: 'createOrganization', kind: 'unauthorized_401' });
    const tenantId = uniqueTenantId('script');
    const workflowId = provisionWorkflowId(tenantId);
    const handle = await stack.client.workflow.start('provisionTenant', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [tenantInput(tenantId)],
    });
    await waitForStatus(handle, 'failed');
    await stack.faults.clear();

    const failed = await eventually(
      () => script('failed-jobs.sh'),
      (r) => r.stdout.includes(workflowId),
    );
    expect(failed.code).toBe(0);

    const described = await script('describe-job.sh', workflowId);
    expect(described.code).toBe(0);
    expect(described.stdout).toContain('createWorkosOrganization');

    const retried = await script('retry-job.sh', workflowId, 'ops@example.com');
    expect(retried.code).toBe(0);
    const result = (await handle.result()) as { status: string; retryCount: number };
    expect(result).toMatchObject({ status: 'completed', retryCount: 1 });
    expect(resourcesOf(await stack.inventory(), tenantId).workosOrganizations).toHaveLength(1);
  });

  it('cancels a job with the script and exits non-zero for an unknown job', async () => {
    await stack.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' });
    const tenantId = uniqueTenantId('scancel');
    const workflowId = provisionWorkflowId(tenantId);
    const handle = await stack.client.workflow.start('provisionTenant', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [tenantInput(tenantId)],
    });
    await waitForStatus(handle, 'failed');
    const cancelled = await script('cancel-job.sh', workflowId);
    expect(cancelled.code).toBe(0);
    const failure = (await handle.result().catch((err: unknown) => err)) as Error & { cause?: Error };
    expect(failure.cause?.name).toBe('CancelledFailure');
    expect(resourcesOf(await stack.inventory(), tenantId)).toEqual({
      convexProjects: [],
      workosOrganizations: [],
      pagesProjects: [],
    });

    const unknown = await script('retry-job.sh', provisionWorkflowId(uniqueTenantId('nobody')), 'ops@example.com');
    expect(unknown.code).not.toBe(0);
  });
});
