/**
 * Per-request middleware: accept or generate `X-Request-Id`, echo it on the response, attach a logger carrying it,
 * and write one JSON access-log line per request (method, path, status, duration, request ID).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
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
    const log = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    await next();
    c.header(REQUEST_ID_HEADER, requestId);
    log.info('http request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    });
  };
}
