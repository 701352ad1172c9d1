/**
 * Prometheus scrapes the worker and the API: worker/main.ts and client/api/main.ts as their own processes (as
 * `./temporal-dev.sh up` runs them) against the test run's dev server and an in-process sandbox. After one real
 * provisioning run and one health sweep, each `/metrics` is scraped over HTTP and read with a strict exposition
 * parser: the worker's holds our job, step, provider and health series and the Temporal SDK's; the API's holds the
 * rate-limit rejections a flood of actions caused, and refuses a caller without a token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { killOnExit, stopChild, TailBuffer } from '../../bench/child-process';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import type { BrainStore } from '../../store/port';
import { openSqliteStore } from '../../store/sqlite';
import { formatApiCredential, generateApiToken } from '../../common/api-credentials';
import { silentLogger } from '../../common/logging';
import { healthSweep } from '../../workflows';
import { queriedFamilies, readDashboard } from '../helpers/grafana-dashboard';
import { parseExposition, sumOf, labelValues, type Exposition } from '../helpers/prometheus-text';
import { connectTestClient, temporalAddress, temporalNamespace, uniqueWorkflowSuffix } from '../helpers/temporal';
import type { TestConnections } from '../helpers/temporal';
import { TEST_ENV_DEFAULTS } from '../helpers/test-stack';
import { WORKFLOW_BUNDLE_ENV } from '../helpers/workflow-bundle';
import { freeLoopbackPort as freePort } from '../../common/free-port';

const REPO = resolve(__dirname, '../..');
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'XDG_CACHE_HOME', 'LANG', 'TZ'] as const;
const START_TIMEOUT_MS = 120_000;
const brainToken = generateApiToken();
const viewerToken = generateApiToken();

interface RunningProcess {
  child: ChildProcess;
  output: TailBuffer;
}

/** Spawns `entry` with `env` (and no other variable of this process but PATH and the like); resolves once `ready`. */
async function startProcess(entry: string, env: Record<string, string>, ready: string): Promise<RunningProcess> {
  const inherited = Object.fromEntries(
    INHERITED_ENV.flatMap((name) => (process.env[name] !== undefined ? [[name, process.env[name]]] : [])),
  ) as Record<string, string>;
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, entry)], {
    cwd: REPO,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const output = new TailBuffer(200);
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output.push(chunk);
    if (!seen.includes(ready)) seen = (seen + chunk.toString()).slice(-64 * 1024);
  });
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!seen.includes(ready)) {
    if (child.exitCode !== null) throw new Error(`${entry} exited (${child.exitCode}):\n${output.text()}`);
    if (Date.now() > deadline) throw new Error(`${entry} did not start:\n${output.text()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output };
}

async function scrape(url: string, token?: string): Promise<Exposition> {
  const response = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text}`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(text);
}

describe('the /metrics of the worker and of the API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-endpoints-'));
  const suffix = uniqueWorkflowSuffix();
  const taskQueue = `tenant-provisioning-metrics-${suffix}`;
  const tenantId = `metrics-${suffix}`;
  let sandbox: RunningSandbox;
  let store: BrainStore;
  let connections: TestConnections;
  let worker: RunningProcess;
  let api: RunningProcess;
  let workerMetrics = '';
  let apiBase = '';
  let afterRun: Exposition;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latency: 'zero', logger: silentLogger });
    const storePath = join(dir, 'brain.sqlite');
    store = openSqliteStore(storePath, { create: true });
    connections = await connectTestClient();
    const [workerPort, apiPort] = [await freePort(), await freePort()];
    workerMetrics = `http://127.0.0.1:${workerPort}/metrics`;
    apiBase = `http://127.0.0.1:${apiPort}`;
    const bundle = process.env[WORKFLOW_BUNDLE_ENV];
    const env: Record<string, string> = {
      ...TEST_ENV_DEFAULTS,
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: temporalNamespace(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      SANDBOX_URL: sandbox.url,
      DATA_DIR: dir,
      STORE_SQLITE_PATH: storePath,
      ...(bundle ? { WORKFLOW_BUNDLE_PATH: bundle } : {}),
    };
    [worker, api] = await Promise.all([
      startProcess('worker/main.ts', { ...env, WORKER_METRICS_PORT: String(workerPort) }, '"msg":"worker running"'),
      startProcess(
        'client/api/main.ts',
        {
          ...env,
          API_PORT: String(apiPort),
          API_CREDENTIALS: [
            formatApiCredential('metrics-brain', 'brain', brainToken),
            formatApiCredential('metrics-viewer', 'viewer', viewerToken),
          ].join(','),
          // Low enough that a few rejected starts cross it; far below the block threshold.
          API_ACTION_RATE_LIMIT: '3',
        },
        '"msg":"api listening"',
      ),
    ]);

    const started = await fetch(`${apiBase}/provisioning`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${brainToken}` },
      body: JSON.stringify({
        tenantId,
        name: 'Metrics tenant',
        plan: 'pro',
        owner: { email: `owner@${tenantId}.example.com`, name: 'Owner' },
      }),
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const result = (await connections.client.workflow.getHandle(jobId).result()) as { status: string };
    expect(result.status).toBe('completed');
    await connections.client.workflow.execute(healthSweep, {
      taskQueue,
      workflowId: `health-sweep-metrics-${suffix}`,
      args: [{}],
    });
    afterRun = await scrape(workerMetrics);
  });

  afterAll(async () => {
    await Promise.all([worker, api].map((p) => (p ? stopChild(p.child, 20_000) : undefined)));
    await connections?.close();
    await store?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker has the finished run in the job and step duration histograms', async () => {
    const job = 'tenant_orchestrator_job_duration_seconds';
    expect(sumOf(afterRun, `${job}_count`, { outcome: 'completed' })).toBe(1);
    expect(sumOf(afterRun, `${job}_sum`, { outcome: 'completed' })).toBeGreaterThan(0);
    expect(sumOf(afterRun, `${job}_bucket`, { outcome: 'completed', le: '+Inf' })).toBe(1);
    const [record] = await store.listProvisioningMetrics();
    const steps = Object.keys(record?.stepDurationsMs ?? {});
    expect(steps.length).toBeGreaterThanOrEqual(5);
    for (const step of steps) {
      expect([step, sumOf(afterRun, 'tenant_orchestrator_step_duration_seconds_count', { step })]).toEqual([step, 1]);
    }
  });

  it('the worker has the latency of every provider the run called, by operation', () => {
    const latency = 'tenant_orchestrator_provider_request_duration_seconds_count';
    for (const provider of ['convex', 'convex_deployment', 'workos', 'cloudflare', 'sendgrid']) {
      expect([provider, sumOf(afterRun, latency, { provider }) > 0]).toEqual([provider, true]);
    }
    expect(sumOf(afterRun, latency, { provider: 'convex', operation: 'createProject' })).toBeGreaterThan(0);
    expect(sumOf(afterRun, latency, { provider: 'convex_deployment', operation: 'convexDeploy' })).toBe(1);
    expect(labelValues(afterRun, latency, 'operation')).not.toContain('unknown');
  });

  it('the worker has the stored health counts of the sweep it completed', () => {
    expect(sumOf(afterRun, 'tenant_orchestrator_instances_by_health_status', { status: 'active' })).toBeGreaterThan(0);
    expect(sumOf(afterRun, 'tenant_orchestrator_health_sweep_last_completed_timestamp_seconds')).toBeGreaterThan(0);
  });

  it("the worker serves the Temporal SDK's series in the same scrape, each family once", () => {
    const families = [...afterRun.types.keys()];
    expect(families.filter((name) => name.startsWith('temporal_')).length).toBeGreaterThan(10);
    for (const name of [
      'temporal_workflow_task_execution_latency_seconds',
      'temporal_activity_execution_latency_seconds',
      'temporal_workflow_completed_total',
    ]) {
      expect([name, afterRun.types.get(name)]).toEqual([name, expect.any(String)]);
    }
    expect(sumOf(afterRun, 'temporal_workflow_completed_total', { task_queue: taskQueue })).toBeGreaterThanOrEqual(2);
    expect(families).toContain('process_cpu_seconds_total');
  });

  it('the worker has every Temporal SDK family the Grafana dashboard queries', () => {
    const queried = queriedFamilies(readDashboard(), 'temporal_');
    expect(queried.size).toBeGreaterThanOrEqual(5);
    for (const family of queried) expect([family, afterRun.types.has(family)]).toEqual([family, true]);
  });

  it('the API refuses /metrics without a token and serves it to a viewer', async () => {
    const refused = await fetch(`${apiBase}/metrics`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const served = await scrape(`${apiBase}/metrics`, viewerToken);
    expect(served.types.get('tenant_orchestrator_api_rate_limit_rejections_total')).toBe('counter');
    expect(served.types.has('process_cpu_seconds_total')).toBe(true);
  });

  it('the API counts the rate-limit rejections a flood of actions causes', async () => {
    const counter = 'tenant_orchestrator_api_rate_limit_rejections_total';
    const before = sumOf(await scrape(`${apiBase}/metrics`, viewerToken), counter, { reason: 'client_actions' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${apiBase}/provisioning`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${brainToken}` },
        body: '{}',
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    const rejected = statuses.filter((s) => s === 429).length;
    expect(rejected).toBeGreaterThan(0);
    const after = sumOf(await scrape(`${apiBase}/metrics`, viewerToken), counter, { reason: 'client_actions' });
    expect(after - before).toBe(rejected);
  });

  it('the worker stops cleanly on SIGTERM with its metrics endpoint open', async () => {
    const exited = new Promise<number | null>((done) => worker.child.once('exit', (code) => done(code)));
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(worker.output.text()).toContain('"msg":"worker stopped"');
    await expect(fetch(workerMetrics)).rejects.toThrow();
  });
});
