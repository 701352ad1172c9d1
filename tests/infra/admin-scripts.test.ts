/**
 * The admin scripts in scripts/ (bash over the `temporal` CLI) against the test dev server, on a stand-in
 * `provisionTenant` workflow that stays failed: list, retry one, retry all, describe with progress, cancel.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { connectTestClient, temporalAddress, temporalNamespace, uniqueWorkflowSuffix } from '../helpers/temporal';
import type { TestConnections } from '../helpers/temporal';
import { fakeProgressQuery, provisionTenant } from './fixtures/admin-workflow';

const run = promisify(execFile);
const SCRIPTS = resolve(__dirname, '../../scripts');

interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function script(name: string, ...args: string[]): Promise<ScriptResult> {
  const env = { ...process.env, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_NAMESPACE: temporalNamespace() };
  try {
    const { stdout, stderr } = await run(resolve(SCRIPTS, name), args, { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Polls `check` until it returns true (visibility and batch operations are eventually consistent). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`never became true: ${what}`);
}

describe('admin scripts', () => {
  let connections: TestConnections;
  let worker: Worker;
  let running: Promise<void>;
  let handle: WorkflowHandle<typeof provisionTenant>;
  const tenantId = `admin-${uniqueWorkflowSuffix()}`;
  const jobId = `provision-${tenantId}`;

  beforeAll(async () => {
    connections = await connectTestClient();
    const taskQueue = `admin-scripts-${uniqueWorkflowSuffix()}`;
    worker = await Worker.create({
      connection: connections.nativeConnection,
      namespace: temporalNamespace(),
      taskQueue,
      workflowsPath: require.resolve('./fixtures/admin-workflow'),
    });
    running = worker.run();
    handle = await connections.client.workflow.start(provisionTenant, {
      taskQueue,
      workflowId: jobId,
      args: [{ tenantId }],
    });
  });

  afterAll(async () => {
    await handle?.terminate('admin-scripts test done').catch(() => undefined);
    worker?.shutdown();
    await running;
    await connections?.close();
  });

  it('failed-jobs.sh lists the failed job', async () => {
    await eventually(async () => (await script('failed-jobs.sh')).stdout.includes(jobId), 'job listed as failed');
    const result = await script('failed-jobs.sh');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('ProvisioningStatus="failed"');
  });

  it('retry-job.sh signals retry with who asked, by tenant ID or job ID', async () => {
    const byTenant = await script('retry-job.sh', tenantId, 'alice');
    const byJob = await script('retry-job.sh', jobId, 'o"hara');
    expect([byTenant.code, byJob.code]).toEqual([0, 0]);
    expect(byTenant.stderr).toContain(`--workflow-id ${jobId} --name retry`);
    const progress = await handle.query(fakeProgressQuery);
    expect(progress.retriesRequestedBy).toEqual(['alice', 'o"hara']);
  });

  it('retry-all-failed.sh signals every failed job as a batch', async () => {
    const result = await script('retry-all-failed.sh', 'bob');
    expect(result.code).toBe(0);
    await eventually(
      async () => (await handle.query(fakeProgressQuery)).retriesRequestedBy.includes('bob'),
      'batch retry delivered',
    );
  });

  it('describe-job.sh shows the execution and its progress query', async () => {
    const result = await script('describe-job.sh', jobId);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(jobId);
    expect(result.stdout).toContain('retriesRequestedBy');
  });

  it('cancel-job.sh requests cancellation', async () => {
    const result = await script('cancel-job.sh', jobId);
    expect(result.code).toBe(0);
    await eventually(async () => (await handle.describe()).status.name === 'CANCELLED', 'workflow cancelled');
  });

  it('fails with a non-zero exit code when the job does not exist', async () => {
    const result = await script('retry-job.sh', `provision-missing-${uniqueWorkflowSuffix()}`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not found/i);
  });

  it('rejects an argument that is neither a job ID nor a tenant ID', async () => {
    const result = await script('cancel-job.sh', 'Not A Job');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a job ID or tenant ID');
  });
});
