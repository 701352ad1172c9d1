/**
 * One trace per job, from Brain's request to every provider call: the API (app over a Temporal client with the
 * tracing interceptor) and the worker (activity interceptors, the workflow bundle with the tracing interceptors, the
 * span sink) run with tracing installed, exporting over OTLP/HTTP to a receiver in this test. A job provisioned
 * through `POST /provisioning` with a caller's `traceparent` must leave, under the caller's trace ID: the API's server
 * span, StartWorkflow, RunWorkflow, a StartActivity → RunActivity pair for every activity of the job, and client
 * spans of the Convex, WorkOS and Cloudflare calls, each a child of the activity that made it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import type { Hono } from 'hono';
import { createInstrumentedFetch } from '../../activities/http';
import { createApiApp } from '../../client/api/app';
import type { ApiEnv } from '../../client/api/env';
import { tracingClientInterceptors } from '../../tracing/temporal-client';
import { startWorkerTracing, WORKFLOW_TRACING_INTERCEPTORS, type WorkerTracing } from '../../tracing/temporal-worker';
import { formatApiCredential, generateApiToken } from '../../common/api-credentials';
import { silentLogger } from '../../common/logging';
import { createProviderClients } from '../../worker/providers';
import { writeWorkflowBundle, WORKFLOWS_PATH } from '../../worker/workflow-bundle';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { startTestStack, type TestStack } from '../helpers/test-stack';
import { tenantInput, uniqueTenantId } from '../workflows/workflow-test-utils';

const SERVER = 2;
const CLIENT = 3;

const token = generateApiToken();
const callerTraceId = randomBytes(16).toString('hex');
const callerSpanId = randomBytes(8).toString('hex');
const tenantId = uniqueTenantId('traced');
const jobId = `provision-${tenantId}`;

let receiver: OtlpReceiver;
let tracing: WorkerTracing;
let stack: TestStack;
let app: Hono<ApiEnv>;
let tempDir: string;
/** Every span of the caller's trace, once the job completed and everything was flushed. */
let spans: ReceivedSpan[];
/** The job's history, read before tracing was shut down. */
let history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
/** Headers a provider received from a traced call made outside the job (see the last test). */
let providerHeaders: IncomingHttpHeaders | undefined;

const byName = (name: string) => spans.filter((span) => span.name === name);
const only = (name: string): ReceivedSpan => {
  const found = byName(name);
  if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}`);
  return found[0] as ReceivedSpan;
};
const parentOf = (span: ReceivedSpan) => spans.find((candidate) => candidate.spanId === span.parentSpanId);

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tempDir = await mkdtemp(join(tmpdir(), 'api-tracing-'));
  const bundlePath = await writeWorkflowBundle(join(tempDir, 'traced-bundle.js'), WORKFLOWS_PATH, [
    WORKFLOW_TRACING_INTERCEPTORS,
  ]);
  // As worker/main.ts: the prebuilt bundle is checked against the configuration, then tracing is installed.
  tracing = await startWorkerTracing({ tracing: { tracesUrl: receiver.tracesUrl } }, { codePath: bundlePath });
  stack = await startTestStack({
    env: { API_CREDENTIALS: formatApiCredential('traced-brain', 'brain', token) },
    workflowBundle: { codePath: bundlePath },
    workerOverrides: tracing.workerOptions,
  });
  // As client/connect.ts in a process with tracing installed.
  const interceptors = tracingClientInterceptors();
  expect(interceptors).toBeDefined();
  const client = new Client({
    connection: stack.client.connection,
    namespace: stack.config.temporal.namespace,
    ...(interceptors && { interceptors }),
  });
  const providers = createProviderClients(stack.config, silentLogger);
  app = createApiApp({ client, store: stack.store, config: stack.config, logger: silentLogger, providers });

  const response = await app.request(
    '/provisioning',
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        traceparent: `00-${callerTraceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify(tenantInput(tenantId)),
    },
    { incoming: { socket: { remoteAddress: '127.0.0.1' } } as never },
  );
  expect(response.status).toBe(202);
  const handle = client.workflow.getHandle(jobId);
  await stack.runWorkerUntil(() => handle.result());
  history = await handle.fetchHistory();

  providerHeaders = await tracedProviderCallHeaders();

  // Stopped first, so every span of the job has ended; shutting tracing down exports what is still batched.
  await stack.stopWorker();
  await tracing.shutdown();
  spans = receiver.spans.filter((span) => span.traceId === callerTraceId);
});

afterAll(async () => {
  await tracing?.shutdown();
  await stack?.close();
  await receiver?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** One provider request made through the instrumented fetch inside a traced API request's context. */
async function tracedProviderCallHeaders(): Promise<IncomingHttpHeaders> {
  let received: IncomingHttpHeaders | undefined;
  const provider = createServer((req, res) => {
    received = req.headers;
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1/probe`;
    const fetchFn = createInstrumentedFetch({ provider: 'probe', logger: silentLogger, timeoutMs: 5_000 });
    const probeApp = createApiApp({
      client: stack.client,
      store: stack.store,
      config: stack.config,
      logger: silentLogger,
      providers: createProviderClients(stack.config, silentLogger),
    });
    // Any traced request will do: the call is made from inside its span, as an activity's would be.
    probeApp.get('/probe-call', async (c) => c.json({ status: (await fetchFn(url)).status }));
    await probeApp.request('/probe-call', {}, { incoming: { socket: { remoteAddress: '127.0.0.1' } } as never });
  } finally {
    await new Promise<void>((resolve) => provider.close(() => resolve()));
  }
  if (!received) throw new Error('the probe provider received no request');
  return received;
}

describe('the trace of a job provisioned through the API', () => {
  it('starts with the API request span, a child of the caller’s span', () => {
    const request = only('POST /provisioning');
    expect(request).toMatchObject({ kind: SERVER, parentSpanId: callerSpanId });
    expect(request.attributes).toMatchObject({ 'http.route': '/provisioning', 'http.response.status_code': 202 });
  });

  it('holds StartWorkflow under the request and RunWorkflow under StartWorkflow', () => {
    const start = only('StartWorkflow:provisionTenant');
    expect(parentOf(start)?.name).toBe('POST /provisioning');
    expect(start.attributes.temporalWorkflowId).toBe(jobId);
    const run = only('RunWorkflow:provisionTenant');
    expect(run.parentSpanId).toBe(start.spanId);
    expect(run.attributes.workflowId).toBe(jobId);
  });

  it('holds every activity of the job, each run under its StartActivity span within the workflow', () => {
    const scheduled = new Set(
      (history.events ?? []).flatMap((event) => {
        const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
        return name ? [name] : [];
      }),
    );
    expect(scheduled.size).toBeGreaterThanOrEqual(8);
    const runWorkflow = only('RunWorkflow:provisionTenant');
    for (const activity of scheduled) {
      const runs = byName(`RunActivity:${activity}`);
      expect([activity, runs.length > 0]).toEqual([activity, true]);
      for (const run of runs) {
        const start = parentOf(run);
        expect(start?.name).toBe(`StartActivity:${activity}`);
        expect(start && parentOf(start)?.spanId).toBe(runWorkflow.spanId);
      }
    }
  });

  it.each([
    ['convex', 'createConvexProject'],
    ['workos', 'createWorkosOrganization'],
    ['cloudflare', 'createPagesProject'],
    ['convex_deployment', 'deployConvexBackend'],
    ['sendgrid', 'sendEmail'],
  ])('holds %s calls as client spans of the activity that made them (%s)', (provider, activity) => {
    const calls = spans.filter(
      (span) => span.attributes['provider.name'] === provider && parentOf(span)?.name === `RunActivity:${activity}`,
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call).toMatchObject({ kind: CLIENT });
      expect(call.name).toBe(`${provider} ${String(call.attributes['provider.operation'])}`);
    }
  });

  it('parents every provider call on an activity run, with provider, operation and status attributes', () => {
    const calls = spans.filter((span) => span.attributes['provider.name'] !== undefined);
    expect(new Set(calls.map((span) => span.attributes['provider.name']))).toEqual(
      new Set(['convex', 'convex_deployment', 'workos', 'cloudflare', 'site', 'sendgrid']),
    );
    for (const call of calls) {
      expect(parentOf(call)?.name).toMatch(/^RunActivity:/);
      expect(call.attributes['provider.operation']).toEqual(expect.any(String));
      if (call.attributes['provider.name'] !== 'convex_deployment') {
        expect(call.attributes['http.response.status_code']).toEqual(expect.any(Number));
      }
    }
    expect(only('convex_deployment convexDeploy').attributes['process.exit.code']).toBe(0);
  });

  it('carries no credential in any span attribute', () => {
    const { convex, workos, cloudflare, sendgrid } = stack.config.providers;
    const secrets = [token, convex.accessToken, workos.apiKey, cloudflare.apiToken, sendgrid.apiKey];
    const values = receiver.spans.flatMap((span) =>
      Object.entries(span.attributes).map(([key, value]) => `${key}=${value}`),
    );
    for (const secret of secrets) expect(values.filter((value) => value.includes(secret))).toEqual([]);
    expect(values.filter((value) => /authorization|deploy_?key|token/i.test(value.split('=')[0] ?? ''))).toEqual([]);
  });

  it('sends the provider call span’s traceparent on the request', () => {
    const probe = receiver.spans.find((span) => span.name === 'probe unknown');
    expect(probe).toBeDefined();
    expect(providerHeaders?.traceparent).toBe(`00-${probe?.traceId}-${probe?.spanId}-01`);
  });

  it('leaves a history that replays with and without the tracing interceptors', async () => {
    const logger = new DefaultLogger('ERROR');
    const plain = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger });
    await expect(Worker.runReplayHistory({ workflowBundle: plain }, history, jobId)).resolves.toBeUndefined();
    const traced = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      workflowInterceptorModules: [WORKFLOW_TRACING_INTERCEPTORS],
      logger,
    });
    await expect(
      Worker.runReplayHistory({ workflowBundle: traced, sinks: tracing.workerOptions.sinks }, history, jobId),
    ).resolves.toBeUndefined();
  });
});
