/**
 * The recorded histories (tests/replay/histories/, recorded without tracing) replay on the bundle of a worker that
 * traces: the workflow interceptors of tracing (workflows/tracing-interceptors.ts) add headers and spans but no
 * command, so turning tracing on for a worker with jobs in flight is safe. (The other way, a history recorded with
 * tracing replayed without it, is checked by tests/workflows/tracing.test.ts on the history of a traced job.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { WORKFLOW_TRACING_INTERCEPTORS, workflowSpanSinks } from '../../tracing/temporal-worker';
import { WORKFLOW_TRACING_BUNDLE_MARKER } from '../../workflows/tracing-interceptors';
import { ensureTestRuntime } from '../helpers/temporal';

const DIR = join(__dirname, 'histories');
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

interface RecordedHistory {
  events: { workflowExecutionStartedEventAttributes?: { workflowId?: string } }[];
}

describe('replay of recorded histories on the traced workflow bundle', () => {
  let workflowBundle: WorkflowBundle;
  const spans = new InMemorySpanExporter();
  const sinks = workflowSpanSinks({
    spanProcessor: new SimpleSpanProcessor(spans),
    resource: new Resource({ 'service.name': 'replay-test' }),
  });

  beforeAll(async () => {
    ensureTestRuntime();
    workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      workflowInterceptorModules: [WORKFLOW_TRACING_INTERCEPTORS],
      logger: quietLogger,
    });
  });

  it('holds the tracing interceptors (the marker a worker checks a prebuilt bundle for)', () => {
    expect(workflowBundle.code).toContain(WORKFLOW_TRACING_BUNDLE_MARKER);
  });

  it.each(files)('%s replays without a determinism error', async (file) => {
    const history = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as RecordedHistory;
    const workflowId = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowId;
    if (!workflowId) throw new Error(`${file}: the started event names no workflow ID`);
    await expect(Worker.runReplayHistory({ workflowBundle, sinks }, history, workflowId)).resolves.toBeUndefined();
  });

  it('exports no span while replaying', () => {
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});
