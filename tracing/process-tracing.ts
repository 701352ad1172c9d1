/**
 * The tracing of one process (API, worker, CLI): installed once at start when an OTLP endpoint is configured, it
 * registers the OpenTelemetry tracer provider, the W3C `traceparent` propagator and the async context manager
 * globally, and exports finished spans in batches over OTLP/HTTP (JSON). When no endpoint is configured nothing is
 * installed: {@link installedTracing} is undefined and every helper of this folder does nothing.
 */
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { AppConfig } from '../common/config';
import { AsyncLocalStorageContextManager } from './context-manager';

/** The processes that export spans; each is its own `service.name`. */
export type TracedService = 'api' | 'worker' | 'cli' | 'bench';

/** Name of the tracer of the orchestrator's own spans (API requests, provider calls). */
export const TRACER_NAME = 'tenant-orchestrator';

export interface ProcessTracing {
  service: TracedService;
  tracer: Tracer;
  /** `service.name` and friends, given to the spans the workflow sandbox hands over too. */
  resource: Resource;
  /** Where finished spans go (batched, then exported). */
  spanProcessor: SpanProcessor;
  /** Exports the spans still buffered and uninstalls the globals; call once, when the process stops. */
  shutdown(): Promise<void>;
}

let installed: ProcessTracing | undefined;

/** The tracing installed in this process, or undefined when tracing is off. */
export function installedTracing(): ProcessTracing | undefined {
  return installed;
}

/**
 * Installs tracing for `service` when `config.tracing` is set; returns undefined (and installs nothing) otherwise.
 * Throws when tracing is already installed in this process.
 */
export function installTracing(config: Pick<AppConfig, 'tracing'>, service: TracedService): ProcessTracing | undefined {
  if (!config.tracing) return undefined;
  if (installed) throw new Error(`tracing is already installed in this process (service ${installed.service})`);
  const resource = new Resource({ 'service.name': `tenant-orchestrator-${service}`, 'service.namespace': 'brain' });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracing.tracesUrl }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
  const handle: ProcessTracing = {
    service,
    tracer: provider.getTracer(TRACER_NAME),
    resource,
    spanProcessor,
    async shutdown() {
      if (installed !== handle) return;
      installed = undefined;
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
  installed = handle;
  return handle;
}

/** Shuts the installed tracing down, if any (entry points call it on their way out). */
export async function shutdownTracing(): Promise<void> {
  await installed?.shutdown();
}

/** Where spans are sent, without user info or query (for a start-up log line). */
export function describeTracesUrl(tracesUrl: string): string {
  const url = new URL(tracesUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
