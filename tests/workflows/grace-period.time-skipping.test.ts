/**
 * The cleanup grace with its real default (24 h) on Temporal's time-skipping test server: the same workflow, the
 * same activities against the sandbox, with no duration shortened. A retry at hour 23 still resumes the job; with no
 * retry, the job compensates after a day and nothing of the tenant is left.
 */
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import type { BrainStore } from '../../store/port';
import { openSqliteStore } from '../../store/sqlite';
import { loadConfig } from '../../worker/config';
import { createProvisioningWorker } from '../../worker/create-worker';
import { createTemporalJobLookup } from '../../worker/job-lookup';
import { silentLogger } from '../../worker/logger';
import { createProviderClients } from '../../worker/providers';
import { provisionTenant } from '../../workflows';
import { progressQuery, provisionWorkflowId, retrySignal } from '../../workflows/contracts/provision-tenant';
import { CONTRACT_SEARCH_ATTRIBUTES } from '../../workflows/contracts/search-attributes';
import { createSandboxControl, type SandboxControl } from '../helpers/sandbox-control';
import { uniqueWorkflowSuffix } from '../helpers/temporal';
import { createTimeSkippingEnv } from '../helpers/time-skipping';
import { resourcesOf, tenantInput, uniqueTenantId, failureOf } from './workflow-test-utils';

const HOUR_MS = 3_600_000;

describe('cleanup grace with the real 24 h default (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let store: BrainStore;
  let worker: Worker;
  let running: Promise<void>;
  let tempDir: string;
  const taskQueue = `grace-${uniqueWorkflowSuffix()}`;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        CONTRACT_SEARCH_ATTRIBUTES.map((key) => [
          key.name,
          temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        ]),
      ),
    });
    sandbox = await startSandbox({ port: 0 });
    control = createSandboxControl(sandbox.url);
    tempDir = await mkdtemp(join(tmpdir(), 'grace-'));
    // Only what a deployment sets: no duration is overridden, so the grace is the 24 h default.
    const config = loadConfig({ SANDBOX_URL: sandbox.url, STORE_SQLITE_PATH: join(tempDir, 'brain.sqlite') });
    expect(config.provisioning.cleanupGraceMs).toBe(24 * HOUR_MS);
    store = openSqliteStore(config.store.sqlitePath, { create: true });
    const activities = createActivities({
      store,
      providers: createProviderClients(config, silentLogger),
      config,
      logger: silentLogger,
      jobs: createTemporalJobLookup(env.client, taskQueue),
    });
    worker = await createProvisioningWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities,
    });
    running = worker.run();
  });

  afterEach(async () => {
    await control.faults.clear();
  });

  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await store?.close();
    await sandbox?.close();
    await env?.teardown();
    await rm(tempDir, { recursive: true, force: true });
  });

  async function startFailingJob(tenantId: string) {
    await control.faults.add({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401' });
    const handle = await env.client.workflow.start(provisionTenant, {
      taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    // Wait (in real time) until the job is failed and waiting; the time-skipping server holds time while it works.
    for (;;) {
      const progress = await handle.query(progressQuery).catch(() => undefined);
      if (progress?.status === 'failed') return { handle, progress };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('compensates a failed job after 24 hours without a retry', async () => {
    const tenantId = uniqueTenantId('grace24');
    const { handle, progress } = await startFailingJob(tenantId);
    const failedAt = progress.steps.find((s) => s.name === 'createPagesProject')?.finishedAt ?? '';
    expect(Date.parse(progress.cleanupAt ?? '') - Date.parse(failedAt)).toBeGreaterThanOrEqual(24 * HOUR_MS - 60_000);
    expect(resourcesOf(await control.inventory(), tenantId).convexProjects).toHaveLength(1);

    const failure = await failureOf(handle);
    expect(failure.name).toBe('WorkflowFailedError');
    expect(failure.cause?.type).toBe('ProvisioningFailed');
    const final = await handle.query(progressQuery);
    expect(final.status).toBe('cleaned_up');
    expect(Date.parse(final.finishedAt ?? '') - Date.parse(final.startedAt)).toBeGreaterThanOrEqual(24 * HOUR_MS);
    expect(resourcesOf(await control.inventory(), tenantId)).toEqual({
      convexProjects: [],
      workosOrganizations: [],
      pagesProjects: [],
    });
  });

  it('still resumes on a retry at hour 23', async () => {
    const tenantId = uniqueTenantId('grace23');
    const { handle } = await startFailingJob(tenantId);
    await control.faults.clear();
    await env.sleep(23 * HOUR_MS);
    expect((await handle.query(progressQuery)).status).toBe('failed');
    await handle.signal(retrySignal, { requestedBy: 'night-shift@example.com' });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', retryCount: 1 });
    expect(resourcesOf(await control.inventory(), tenantId).pagesProjects).toHaveLength(1);
  });

  it('a second run of a provisioned tenant never reaches a grace: after 25 hours the tenant is still live and whole', async () => {
    const tenantId = uniqueTenantId('again24');
    const first = await env.client.workflow.execute(provisionTenant, {
      taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId)],
    });
    expect(first.status).toBe('completed');
    const before = resourcesOf(await control.inventory(), tenantId);
    // The Temporal UI's "start workflow like this one": same ID, default reuse policy.
    const second = await env.client.workflow.start(provisionTenant, {
      taskQueue,
      workflowId: provisionWorkflowId(tenantId),
      args: [tenantInput(tenantId, { requestedBy: 'someone-in-the-ui' })],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    expect(await second.result()).toMatchObject({ status: 'completed', alreadyProvisioned: true });
    await env.sleep(25 * HOUR_MS);
    expect((await store.getInstance(tenantId))?.status).toBe('active');
    expect((await store.getJob(provisionWorkflowId(tenantId)))?.status).toBe('completed');
    expect(resourcesOf(await control.inventory(), tenantId)).toEqual(before);
    expect(before.pagesProjects).toHaveLength(1);
  });
});
