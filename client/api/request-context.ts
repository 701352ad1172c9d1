/**
 * Per-request middleware: accept or generate `X-Request-Id` and the correlation ID (the caller's `X-Correlation-Id`,
 * else the trace ID of its W3C `traceparent`, else the request ID), echo both on the response, attach a logger
 * carrying both, run the handler with the correlation ID in scope (so a job it starts or signals carries it:
 * client/correlation-interceptor.ts), and write one JSON access-log line per request (method, path, status,
 * duration).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { CORRELATION_ID_HTTP_HEADER, resolveCorrelationId, withCorrelationId } from '../../common/correlation';
import type { Logger } from '../../common/logging';
import type { ApiEnv } from './env';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request ID when it is well-formed (no injection into logs or headers), else a new UUID. */
export function resolveRequestId(header: string | undefined): string {
  return header !== undefined && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}

export function requestContext(logger: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const startedAt = performance.now();
    const requestId = resolveRequestId(c.req.header(REQUEST_ID_HEADER));
    const correlationId = resolveCorrelationId(
      { correlationId: c.req.header(CORRELATION_ID_HTTP_HEADER), traceparent: c.req.header('traceparent') },
      requestId,
    );
    const log = logger.child({ requestId, correlationId });
    c.set('requestId', requestId);
    c.set('correlationId', correlationId);
    c.set('log', log);
    await withCorrelationId(correlationId, () => next());
    c.header(REQUEST_ID_HEADER, requestId);
    c.header(CORRELATION_ID_HTTP_HEADER, correlationId);
    log.info('http request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    });
  };
}
