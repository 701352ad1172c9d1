/**
 * The CLI's root span: one per verb, named `cli <verb>`, the parent of the verb's Temporal calls (StartWorkflow,
 * SignalWorkflow:retry, CancelWorkflow, QueryWorkflow…), with the verb's correlation ID, so an admin action run
 * from a terminal is one trace as an API request is. Nothing when tracing is off.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { installedTracing } from './process-tracing';
import { failSpan } from './provider-call-span';

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
  try {
    const code = await context.with(trace.setSpan(context.active(), span), run);
    span.setAttribute('process.exit.code', code);
    if (code !== 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `exit code ${code}` });
    return code;
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}
