/**
 * What a Temporal client adds when its process traces: Temporal's client interceptor, which wraps start, signal,
 * query and cancel in spans (StartWorkflow, SignalWorkflow, …) that are children of the active span (the API
 * request's) and passes their context to the workflow in a header. Nothing when tracing is off.
 */
import type { ClientInterceptors } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { installedTracing, type ProcessTracing } from './process-tracing';

export function tracingClientInterceptors(
  tracing: ProcessTracing | undefined = installedTracing(),
): ClientInterceptors | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}
