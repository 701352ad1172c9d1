/**
 * Client spans of the worker's calls to providers: one per HTTP request (activities/http.ts, the one place every
 * provider request goes through), one per `convex deploy` run (activities/convex-cli.ts) and one per SendGrid Mail
 * Send (activities/sendgrid-client.ts, whose SDK sends its own requests). A span is a child of the active context
 * (the activity's RunActivity span), named `<provider> <operation>`, and an HTTP request sent by our fetch carries its
 * W3C `traceparent`. Attributes name the provider, the operation, the method, host, path and status: never headers,
 * bodies, query strings, tokens or deploy keys. When tracing is off these functions only run the call.
 */
import {
  context,
  propagation,
  SpanKind,
  trace,
  type Attributes,
  type Span,
  type TextMapSetter,
} from '@opentelemetry/api';
import { installedTracing } from './process-tracing';
import { runInSpan, type SpanOutcome } from './run-in-span';

export interface ProviderRequest {
  provider: string;
  operation: string;
  method: string;
  url: URL;
  /** `<workflowId>/<activityId>/<attempt>` of the activity making the call, when there is one. */
  correlationId?: string | undefined;
}

const headersSetter: TextMapSetter<Headers> = { set: (headers, key, value) => headers.set(key, value) };

/**
 * Sends one provider request inside a client span, with `traceparent` (and `tracestate`) set on `headers` before
 * `send` runs; `send` must send those headers. A status of 400 and above, or a thrown error, marks the span failed.
 */
export async function traceProviderRequest(
  request: ProviderRequest,
  headers: Headers,
  send: () => Promise<Response>,
): Promise<Response> {
  const tracing = installedTracing();
  if (!tracing) return send();
  const span = startClientSpan(tracing.tracer, request.provider, request.operation, {
    'http.request.method': request.method,
    'server.address': request.url.hostname,
    'url.path': request.url.pathname,
    ...(request.correlationId !== undefined && { correlation_id: request.correlationId }),
  });
  propagation.inject(trace.setSpan(context.active(), span), headers, headersSetter);
  return runInSpan(span, send, (response) => ({
    failed: response.status >= 400,
    attributes: { 'http.response.status_code': response.status },
    message: `HTTP ${response.status}`,
  }));
}

/**
 * Runs a provider operation that our fetch does not send (a child process, an SDK's own HTTP client) inside a client
 * span with `attributes`; `outcome` turns its result into more attributes and says whether it failed.
 */
export async function traceProviderOperation<T>(
  provider: string,
  operation: string,
  run: () => Promise<T>,
  outcome: (result: T) => SpanOutcome,
  attributes: Attributes = {},
): Promise<T> {
  const tracing = installedTracing();
  if (!tracing) return run();
  return runInSpan(startClientSpan(tracing.tracer, provider, operation, attributes), run, outcome);
}

function startClientSpan(
  tracer: ReturnType<typeof trace.getTracer>,
  provider: string,
  operation: string,
  attributes: Attributes,
): Span {
  return tracer.startSpan(`${provider} ${operation}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'provider.name': provider, 'provider.operation': operation, ...attributes },
  });
}
