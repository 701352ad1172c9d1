/**
 * Workflow interceptors of tracing (Temporal's OpenTelemetry interceptors): a RunWorkflow span continuing the
 * StartWorkflow span of the client, a StartActivity span per scheduled activity with its context in the activity's
 * headers, HandleSignal/HandleQuery spans. Spans leave the sandbox through the `exporter` sink.
 *
 * Bundled only into the workflow bundle of a worker that traces (tracing/temporal-worker.ts): a worker without tracing
 * runs none of this. Replay-safe either way: the interceptors add headers and spans, never a command, and their
 * yield points are gated by SDK flags recorded in the history.
 */
export { interceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';

/** Found in the text of a bundle that holds this module: how a worker tells a traced bundle from a plain one. */
export const WORKFLOW_TRACING_BUNDLE_MARKER = 'tenant-orchestrator:workflow-tracing-interceptors';
