/**
 * The CLI's trace: run as a process with an OTLP endpoint, each verb is one trace under a `cli <verb>` span that carries
 * the admin's correlation ID, with the verb's Temporal calls as its children; its outcome is the span's status.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { temporalAddress, temporalNamespace, uniqueWorkflowSuffix } from '../helpers/temporal';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const ERROR = 2;

describe('the trace of a CLI verb', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-tracing-'));
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one verb of the CLI with tracing on; its exit code. */
  async function cli(correlationId: string, ...args: string[]): Promise<number> {
    try {
      await run(TSX, ['client/cli/main.ts', ...args], {
        cwd: REPO,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TEMPORAL_ADDRESS: temporalAddress(),
          TEMPORAL_NAMESPACE: temporalNamespace(),
          STORE_SQLITE_PATH: join(dir, 'brain.sqlite'),
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
          CORRELATION_ID: correlationId,
        },
      });
      return 0;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return typeof code === 'number' ? code : -1;
    }
  }

  const verbSpan = (correlationId: string): ReceivedSpan | undefined =>
    receiver.spans.find((span) => span.attributes.correlation_id === correlationId && span.name.startsWith('cli '));

  it('is one trace per verb: its Temporal calls are children of `cli <verb>`, which fails with the verb', async () => {
    const correlationId = `ops-${randomUUID()}`;
    const code = await cli(correlationId, 'status', `provision-ghost-${uniqueWorkflowSuffix()}`);
    expect(code).not.toBe(0);

    const root = verbSpan(correlationId);
    expect(root).toMatchObject({
      service: 'tenant-orchestrator-cli',
      name: 'cli status',
      parentSpanId: '',
      statusCode: ERROR,
      attributes: { 'cli.verb': 'status' },
    });
    const children = receiver.spans.filter((span) => span.parentSpanId === root?.spanId);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      expect(child.traceId).toBe(root?.traceId);
      expect(child.name).toMatch(/^(QueryWorkflow|DescribeWorkflow)/);
    }
  }, 90_000);

  it('records the exit code of a verb that succeeds', async () => {
    expect(await cli(`ops-${randomUUID()}`, 'store', 'init')).toBe(0);
    const correlationId = `ops-${randomUUID()}`;
    expect(await cli(correlationId, 'metrics', '--json')).toBe(0);
    const root = verbSpan(correlationId);
    expect(root).toMatchObject({ name: 'cli metrics', attributes: { 'process.exit.code': 0 } });
    expect(root?.statusCode).not.toBe(ERROR);
  }, 90_000);
});
