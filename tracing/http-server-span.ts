/**
 * The API's server span: one per request, named `<method> <route>` (the route's template, so a status page's token
 * never reaches a span), continuing the caller's W3C `traceparent` when it sends one, and active while the request
 * is handled, so the Temporal client's StartWorkflow/SignalWorkflow/CancelWorkflow spans are its children.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { installedTracing, type ProcessTracing } from './process-tracing';

/** Correlation and request IDs are copied onto the span only when they look like IDs (no injection, no secrets). */
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function idOrUndefined(value: string | null | undefined): string | undefined {
  return value && ID_PATTERN.test(value) ? value : undefined;
}

/** The middleware, or undefined when tracing is off (then the app installs nothing). */
export function httpServerTracing(
  tracing: ProcessTracing | undefined = installedTracing(),
): MiddlewareHandler | undefined {
  if (!tracing) return undefined;
  return async (c, next) => {
    const carrier: Record<string, string> = {};
    const traceparent = c.req.header('traceparent');
    const tracestate = c.req.header('tracestate');
    if (traceparent) carrier.traceparent = traceparent;
    if (tracestate) carrier.tracestate = tracestate;
    const parent = propagation.extract(ROOT_CONTEXT, carrier);
    const method = c.req.method;
    const span = tracing.tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routePath(c, -1);
      const status = c.res.status;
      span.updateName(`${method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', status);
      const requestId = idOrUndefined(c.res.headers.get('x-request-id'));
      if (requestId) span.setAttribute('request_id', requestId);
      // The correlation ID the request resolved (the caller's, its trace ID or the request ID: request-context.ts).
      const correlationId = idOrUndefined(c.res.headers.get('x-correlation-id'));
      if (correlationId) span.setAttribute('correlation_id', correlationId);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
