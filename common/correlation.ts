/**
 * The correlation ID of the work in progress in this process, carried by AsyncLocalStorage: set per HTTP request by
 * the API (from the caller's `x-correlation-id`, or the trace ID of its W3C `traceparent`, or new), per command by
 * the CLI, per activity attempt by the worker's activity interceptor. The Temporal client interceptor reads it to
 * stamp a start or a signal; activities read it to stamp every provider call and log line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The HTTP header a caller sends and the API echoes; activities send it on every provider request. */
export const CORRELATION_ID_HTTP_HEADER = 'X-Correlation-Id';

/** What a correlation ID may hold: it goes into headers and log lines, so nothing that could inject into them. */
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** W3C trace context: `version-traceid-parentid-flags`, the trace ID 32 lowercase hex digits, not all zero. */
const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

export function isValidCorrelationId(value: string): boolean {
  return CORRELATION_ID_PATTERN.test(value);
}

/** The trace ID of a well-formed `traceparent` header, or undefined. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const traceId = traceparent?.trim().match(TRACEPARENT_PATTERN)?.[1];
  return traceId && !/^0+$/.test(traceId) ? traceId : undefined;
}

/**
 * The correlation ID of an incoming request: the caller's `x-correlation-id` when well-formed, else the trace ID of
 * its `traceparent`, else `fallback` (the request's own ID). A malformed caller value is never echoed or logged.
 */
export function resolveCorrelationId(
  headers: { correlationId?: string | undefined; traceparent?: string | undefined },
  fallback: string,
): string {
  const given = headers.correlationId?.trim();
  if (given && isValidCorrelationId(given)) return given;
  return traceIdOf(headers.traceparent) ?? fallback;
}

const storage = new AsyncLocalStorage<string>();

/** Runs `fn` with `correlationId` as the current correlation ID. */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run(correlationId, fn);
}

/** The correlation ID of the work in progress, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}
