/**
 * What a worker that traces adds to its options: the activity interceptors (a RunActivity span continuing the
 * workflow's StartActivity span, made the active context so provider calls are its children), the workflow
 * interceptor module (workflows/tracing-interceptors.ts) and the `exporter` sink that takes the workflow sandbox's
 * spans into this process's span processor. Without tracing it adds nothing.
 */
import { readFile } from 'node:fs/promises';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { InjectedSinks, WorkerOptions, WorkflowBundlePath } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import { WORKFLOW_TRACING_BUNDLE_MARKER } from '../workflows/tracing-interceptors';
import type { AppConfig } from '../common/config';
import { describeTracesUrl, installTracing, type ProcessTracing, type TracedService } from './process-tracing';

/** The workflow interceptor module of tracing, for `bundleWorkflowCode({workflowInterceptorModules})`. */
export const WORKFLOW_TRACING_INTERCEPTORS = require.resolve('../workflows/tracing-interceptors');

/** Workflow interceptor modules to bundle: the tracing one when tracing is on, none otherwise. */
export function workflowInterceptorModules(tracing: ProcessTracing | undefined): string[] {
  return tracing ? [WORKFLOW_TRACING_INTERCEPTORS] : [];
}

/**
 * Worker options of tracing (`interceptors`, `sinks`); `{}` when tracing is off. `bundledAtStart`: the worker bundles
 * workflows/ itself, so the interceptor module is given to its bundler; a prebuilt bundle must already hold it
 * ({@link checkBundleTracing}).
 */
export function tracingWorkerOptions(
  tracing: ProcessTracing | undefined,
  bundledAtStart: boolean,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) return {};
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
      ...(bundledAtStart ? { workflowModules: [WORKFLOW_TRACING_INTERCEPTORS] } : {}),
    },
    sinks: workflowSpanSinks(tracing),
  };
}

/**
 * The sink the workflow interceptors export through. The SDK adds the workflow's info to every span it hands over;
 * only these identifying fields are kept (never its memo, search attributes or last failure).
 */
export function workflowSpanSinks(
  tracing: Pick<ProcessTracing, 'spanProcessor' | 'resource'>,
): InjectedSinks<OpenTelemetrySinks> {
  const exporter = makeWorkflowExporter(tracing.spanProcessor, tracing.resource);
  return {
    exporter: {
      export: {
        fn: (info, spans) =>
          exporter.export.fn(
            {
              workflowId: info.workflowId,
              runId: info.runId,
              workflowType: info.workflowType,
              taskQueue: info.taskQueue,
              namespace: info.namespace,
              attempt: info.attempt,
            } as typeof info,
            spans,
          ),
      },
    },
  };
}

/**
 * Rejects a prebuilt bundle that does not match the process's tracing: a traced worker needs the interceptor module in
 * its bundle (else workflows and activities would not join the job's trace), and a worker without tracing must not
 * run it. The error says how to build the right one.
 */
export async function checkBundleTracing(bundle: WorkflowBundlePath, tracing: boolean): Promise<void> {
  const traced = (await readFile(bundle.codePath, 'utf8')).includes(WORKFLOW_TRACING_BUNDLE_MARKER);
  if (traced === tracing) return;
  throw new Error(
    tracing
      ? `WORKFLOW_BUNDLE_PATH: ${bundle.codePath} was built without tracing; rebuild it with OTEL_EXPORTER_OTLP_ENDPOINT ` +
          'set (`npm run build:workflows`), as the worker runs'
      : `WORKFLOW_BUNDLE_PATH: ${bundle.codePath} was built with tracing, and this worker has no OTLP endpoint; ` +
          'rebuild it without OTEL_EXPORTER_OTLP_ENDPOINT (`npm run build:workflows`), or set the endpoint',
  );
}

export interface WorkerTracing {
  /** Pass as (part of) the worker's `overrides`; `{}` when tracing is off. */
  workerOptions: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** Where spans go, for the start-up log line; null when tracing is off. */
  describe: string | null;
  /** Exports the spans still buffered; call when the worker has stopped. */
  shutdown(): Promise<void>;
}

/**
 * Installs the worker process's tracing from its configuration (nothing when no OTLP endpoint is set) and checks
 * that a prebuilt `workflowBundle` matches it.
 */
export async function startWorkerTracing(
  config: Pick<AppConfig, 'tracing'>,
  workflowBundle: WorkflowBundlePath | undefined,
  service: TracedService = 'worker',
): Promise<WorkerTracing> {
  if (workflowBundle) await checkBundleTracing(workflowBundle, config.tracing !== undefined);
  const tracing = installTracing(config, service);
  return {
    workerOptions: tracingWorkerOptions(tracing, workflowBundle === undefined),
    describe: config.tracing ? describeTracesUrl(config.tracing.tracesUrl) : null,
    shutdown: async () => tracing?.shutdown(),
  };
}
