/**
 * The CLI's root span: one per verb, named `cli <verb>`, the parent of the verb's Temporal calls (StartWorkflow,
 * SignalWorkflow:retry, CancelWorkflow, QueryWorkflow…), with the verb's correlation ID, so an admin action run
 * from a terminal is one trace as an API request is. Nothing when tracing is off.
 */
import { SpanKind } from '@opentelemetry/api';
import { installedTracing } from './process-tracing';
import { runInSpan } from './run-in-span';

/** Runs one verb (`run` resolves to its exit code) inside its span; a non-zero code or a throw marks it failed. */
export async function traceCliCommand(
  verb: string,
  correlationId: string,
  run: () => Promise<number>,
): Promise<number> {
  const tracing = installedTracing();
  if (!tracing) return run();
  const span = tracing.tracer.startSpan(`cli ${verb}`, {
    kind: SpanKind.INTERNAL,
    attributes: { 'cli.verb': verb, correlation_id: correlationId },
  });
  return runInSpan(span, run, (code) => ({
    failed: code !== 0,
    attributes: { 'process.exit.code': code },
    message: `exit code ${code}`,
  }));
}
