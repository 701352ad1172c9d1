/**
 * Following one job by the correlation ID Brain sent: the sandbox, the worker and the API run as production runs
 * them (three processes, logs at info), and the test reads their log lines. A job's lines hold every step and every
 * external call in order, all with Brain's ID, down to the requests the providers received; an admin's retry and a
 * cancel keep it; and no line of the whole run holds a configured secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PROVISIONING_STAGES } from '../../workflows/contracts/provision-tenant';
import { startProcessStack, type ProcessStack } from '../helpers/process-stack';
import { uniqueWorkflowSuffix } from '../helpers/temporal';

type LogRecord = Record<string, unknown>;

const WEBHOOK_SECRET = `whsec-${randomUUID()}`;

describe('one job, followed by its correlation ID', () => {
  let stack: ProcessStack;
  const statusTokens: string[] = [];

  beforeAll(async () => {
    stack = await startProcessStack({
      HEALTH_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
      HEALTH_ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  async function api(path: string, init: { method?: string; token: string; correlationId?: string; body?: unknown }) {
    const headers: Record<string, string> = { authorization: `Bearer ${init.token}` };
    if (init.correlationId) headers['x-correlation-id'] = init.correlationId;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as LogRecord };
  }

  async function startJob(tenantId: string, correlationId: string): Promise<string> {
    const started = await api('/provisioning', {
      method: 'POST',
      token: stack.tokens.brain,
      correlationId,
      body: {
        tenantId,
        name: `Correlated ${tenantId}`,
        plan: 'pro',
        owner: { email: `owner@${tenantId}.example`, name: 'Owner' },
      },
    });
    expect(started.status).toBe(202);
    expect(started.headers.get('x-correlation-id')).toBe(correlationId);
    statusTokens.push(String(started.body.statusUrl).split('/').pop() ?? '');
    return String(started.body.jobId);
  }

  async function waitForJob(jobId: string, until: (progress: LogRecord) => boolean): Promise<LogRecord> {
    const deadline = Date.now() + 150_000;
    for (;;) {
      const { body } = await api(`/provisioning/${jobId}`, { token: stack.tokens.admin });
      if (until(body)) return body;
      if (Date.now() > deadline) throw new Error(`job ${jobId} never got there: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function addFault(fault: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${stack.sandboxUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    expect(response.status).toBeLessThan(300);
  }

  /** A job's lines in the order things happened (a stable sort: lines of one millisecond keep their order). */
  const ofJob = (records: LogRecord[], correlationId: string) =>
    records
      .filter((record) => record.correlationId === correlationId)
      .sort((a, b) => String(a.time).localeCompare(String(b.time)));

  /**
   * The worker's lines of a job once `complete` holds for them (or the deadline passed: the assertions then say what
   * is missing). The workflow's lines reach the log 100 to 200 ms after the activation that made them (the Temporal
   * Runtime collects them to merge them with core's, worker/runtime.ts), so a query may already report the job's
   * end while its last lines are still held.
   */
  async function workerLinesOf(correlationId: string, complete: (lines: LogRecord[]) => boolean) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const lines = ofJob(stack.records('worker'), correlationId);
      if (complete(lines) || Date.now() > deadline) return lines;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const has = (lines: LogRecord[], msg: string, step: string) => lines.some((r) => r.msg === msg && r.step === step);
  const messages = (records: LogRecord[]) =>
    records.map((record) => `${String(record.msg)} ${String(record.step ?? '')}`);

  it("holds every step and external call of a job, in order, under Brain's ID, down to the providers", async () => {
    const tenantId = `corr-ok-${uniqueWorkflowSuffix()}`;
    const brainId = `brain-${randomUUID()}`;
    const jobId = await startJob(tenantId, brainId);
    await waitForJob(jobId, (p) => p.status === 'completed');

    const apiLines = ofJob(stack.records('api'), brainId);
    expect(apiLines.some((r) => r.msg === 'http request' && r.path === '/provisioning' && r.method === 'POST')).toBe(
      true,
    );

    const workerLines = await workerLinesOf(brainId, (lines) =>
      PROVISIONING_STAGES.flat().every((step) => has(lines, 'step completed', step)),
    );
    // Every step, started in the order of the step graph (steps of one stage run side by side).
    const firstStart = (step: string) => workerLines.findIndex((r) => r.msg === 'step started' && r.step === step);
    const stageStarts = PROVISIONING_STAGES.map((stage) => stage.map(firstStart));
    for (const starts of stageStarts) for (const index of starts) expect(index).toBeGreaterThanOrEqual(0);
    for (let stage = 1; stage < stageStarts.length; stage += 1) {
      expect(Math.min(...(stageStarts[stage] as number[]))).toBeGreaterThan(
        Math.max(...(stageStarts[stage - 1] as number[])),
      );
    }
    for (const step of PROVISIONING_STAGES.flat()) {
      expect(workerLines.some((r) => r.msg === 'step completed' && r.step === step)).toBe(true);
    }
    // Every external call: one line each, with the job, the tenant, the step and the attempt.
    const calls = workerLines.filter((r) => r.msg === 'provider call');
    expect(new Set(calls.map((r) => r.provider))).toEqual(
      new Set(['convex', 'convex_deployment', 'workos', 'cloudflare', 'site', 'sendgrid']),
    );
    for (const call of calls) {
      expect(call).toMatchObject({ jobId, tenantId, attempt: expect.any(Number), step: expect.any(String) });
      expect(typeof call.method).toBe('string');
      expect(typeof call.path).toBe('string');
      expect(typeof call.durationMs).toBe('number');
    }
    // No line of this job's worker output lacks Brain's ID.
    const jobLines = stack.records('worker').filter((r) => r.jobId === jobId || r.workflowId === jobId);
    expect(jobLines.length).toBeGreaterThan(calls.length);
    expect(jobLines.filter((r) => r.correlationId !== brainId)).toEqual([]);
    // The providers received it: the sandbox's own request log shows the ID on every kind of call we made.
    const received = ofJob(stack.records('sandbox'), brainId).map((r) => String(r.path));
    expect(received.some((path) => path.startsWith('/v1/'))).toBe(true);
    expect(received.some((path) => path.startsWith('/organizations'))).toBe(true);
    expect(received.some((path) => path.startsWith('/client/v4/'))).toBe(true);
    // SendGrid's Mail Send takes no request headers of ours: the ID travels with the message as a custom arg.
    const inventory = (await (await fetch(`${stack.sandboxUrl}/_sandbox/inventory`)).json()) as {
      sendgrid: { emails: { to: string[]; customArgs: Record<string, string> }[] };
    };
    const emails = inventory.sendgrid.emails.filter((email) => email.to.includes(`owner@${tenantId}.example`));
    expect(emails.length).toBeGreaterThanOrEqual(3);
    for (const email of emails) expect(email.customArgs.correlation_id).toBe(brainId);
  }, 180_000);

  it("keeps Brain's ID through a failure and an admin's retry, which logs its own request ID", async () => {
    const tenantId = `corr-retry-${uniqueWorkflowSuffix()}`;
    const brainId = `brain-${randomUUID()}`;
    const adminId = `ops-${randomUUID()}`;
    await addFault({ provider: 'cloudflare', operation: 'createProject', kind: 'unauthorized_401', match: tenantId });
    const jobId = await startJob(tenantId, brainId);
    await waitForJob(jobId, (p) => p.status === 'failed');
    await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });

    const retry = await api(`/retry-provisioning/${jobId}`, {
      method: 'POST',
      token: stack.tokens.admin,
      correlationId: adminId,
      body: {},
    });
    expect(retry.status).toBeLessThan(300);
    await waitForJob(jobId, (p) => p.status === 'completed');

    expect(
      stack.records('api').some((r) => r.correlationId === adminId && r.path === `/retry-provisioning/${jobId}`),
    ).toBe(true);
    const lines = await workerLinesOf(brainId, (all) => has(all, 'step completed', 'activateInstance'));
    const failed = lines.findIndex((r) => r.msg === 'step failed' && r.step === 'createPagesProject');
    const retried = lines.findIndex((r) => r.msg === 'retrying provisioning');
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(retried).toBeGreaterThan(failed);
    expect(lines[retried]).toMatchObject({ jobId, tenantId, requestCorrelationId: adminId });
    const after = messages(lines.slice(retried));
    expect(after).toContain('step completed createPagesProject');
    expect(after).toContain('step completed activateInstance');
    // The refused create and, after the retry, the accepted one (activity lines: in the order the calls were made).
    const creates = lines.filter(
      (r) => r.msg === 'provider call' && r.provider === 'cloudflare' && r.operation === 'createProject',
    );
    expect(creates.map((r) => r.status)).toEqual([401, 200]);
  }, 180_000);

  it("keeps Brain's ID through a cancel: the compensation's calls carry it", async () => {
    const tenantId = `corr-cancel-${uniqueWorkflowSuffix()}`;
    const brainId = `brain-${randomUUID()}`;
    const cancelId = `ops-${randomUUID()}`;
    // The frontend's deployment hangs, so the job is still running when the cancel arrives.
    await addFault({ provider: 'cloudflare', operation: 'createDeployment', kind: 'timeout', match: tenantId });
    const jobId = await startJob(tenantId, brainId);
    await waitForJob(jobId, (p) => p.currentStep === 'deployFrontend');
    const cancel = await api(`/provisioning/${jobId}/cancel`, {
      method: 'POST',
      token: stack.tokens.admin,
      correlationId: cancelId,
    });
    expect(cancel.status).toBeLessThan(300);
    await waitForJob(jobId, (p) => p.status === 'cancelled');
    await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });

    expect(
      stack.records('api').some((r) => r.correlationId === cancelId && r.path === `/provisioning/${jobId}/cancel`),
    ).toBe(true);
    const compensated = ['createPagesProject', 'createConvexProject', 'createWorkosOrganization', 'reserveQuota'];
    const lines = await workerLinesOf(brainId, (all) =>
      compensated.every((step) => has(all, 'step compensated', step)),
    );
    const cancelled = lines.findIndex((r) => r.msg === 'cancellation requested: compensating what this run created');
    expect(cancelled).toBeGreaterThanOrEqual(0);
    // After the request, in the order they happened: each undo's provider calls, then the workflow's line for it.
    const compensation = lines.slice(cancelled);
    expect(messages(compensation).filter((m) => m.startsWith('step compensated'))).toEqual(
      compensated.map((step) => `step compensated ${step}`),
    );
    const deletes = compensation.filter(
      (r) =>
        r.msg === 'provider call' && String(r.step).startsWith('delete') && /^(DELETE|POST)$/.test(String(r.method)),
    );
    expect(deletes.map((r) => r.provider)).toEqual(['cloudflare', 'convex', 'workos']);
    expect(deletes.every((r) => r.jobId === jobId && r.tenantId === tenantId)).toBe(true);
    const position = (msg: string, step: string) => compensation.findIndex((r) => r.msg === msg && r.step === step);
    expect(position('provider call', 'deletePagesProject')).toBeLessThan(
      position('step compensated', 'createPagesProject'),
    );
    expect(position('step compensated', 'createPagesProject')).toBeLessThan(
      position('provider call', 'deleteConvexProject'),
    );
  }, 180_000);

  it('writes no configured secret on any log line of the whole run', () => {
    const state = JSON.parse(readFileSync(join(stack.dataDir, 'sandbox-state.json'), 'utf8')) as {
      convex: { deployKeys: { key: string }[] };
    };
    const deployKeys = state.convex.deployKeys.flatMap(({ key }) => [key, key.slice(key.indexOf('|') + 1)]);
    expect(deployKeys.length).toBeGreaterThan(0);
    const secrets = [
      ...Object.values(stack.tokens),
      WEBHOOK_SECRET,
      'sandbox-convex-token',
      'sk_sandbox_key',
      'sandbox-cloudflare-token',
      'SG.sandbox',
      ...statusTokens,
      ...deployKeys,
    ].filter((secret) => secret.length >= 8);
    const lines = [...stack.lines('sandbox'), ...stack.lines('worker'), ...stack.lines('api')];
    expect(lines.length).toBeGreaterThan(100);
    const leaks = lines.flatMap((line) => secrets.filter((secret) => line.includes(secret)).map((s) => ({ s, line })));
    expect(leaks).toEqual([]);
  });
});
