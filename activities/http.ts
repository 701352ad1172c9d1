/**
 * Instrumented fetch: every external call goes through it. It sends the job's `X-Correlation-Id` and the attempt's
 * `X-Request-Id`, applies the provider timeout (and the activity's cancellation), writes one JSON log line per call
 * with provider, operation, method, URL path, status and durationMs (the scope's logger adds correlationId,
 * requestId, jobId, tenantId, step and attempt), and records the call's latency (and failure) in the Prometheus
 * series of activities/prometheus-metrics.ts. It never logs headers, bodies or query strings, so tokens and deploy
 * keys stay out of the logs.
 */
import type { z } from 'zod';
import { CORRELATION_ID_HTTP_HEADER } from '../common/correlation';
import type { Logger } from '../common/logging';
import { traceProviderRequest } from '../tracing/provider-call-span';
import { currentScope } from './call-context';
import { errorKindOfStatus, errorKindOfThrown, observeProviderCall } from './prometheus-metrics';

export type FetchFn = typeof fetch;

/** A non-2xx response from a provider, with what error classification needs (status, headers, parsed body). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: unknown,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path} answered ${status}${describeBody(body)}`);
  }

  /** The provider's error code from the body (`code` of Convex/WorkOS bodies), if any. */
  get code(): string | undefined {
    if (this.body && typeof this.body === 'object' && 'code' in this.body) {
      const code = (this.body as { code: unknown }).code;
      return typeof code === 'string' ? code : undefined;
    }
    return undefined;
  }
}

/** The response did not match the shape the client expects. */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
}

function describeBody(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : '';
  const record = body as Record<string, unknown>;
  const parts = [record.code, record.message].filter((p) => typeof p === 'string');
  const errors = Array.isArray(record.errors)
    ? record.errors.map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).message : undefined))
    : [];
  const text = [...parts, ...errors.filter((m) => typeof m === 'string')].join(' ');
  return text ? `: ${text.slice(0, 300)}` : '';
}

export interface InstrumentedFetchOptions {
  provider: string;
  logger: Logger;
  timeoutMs: number;
  /** The underlying fetch (default: global fetch). */
  fetchImpl?: FetchFn;
}

/** Builds the fetch every client of `provider` uses. */
export function createInstrumentedFetch(options: InstrumentedFetchOptions): FetchFn {
  const base = options.fetchImpl ?? fetch;
  const instrumented = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const scope = currentScope();
    const original = input instanceof Request ? input : undefined;
    const headers = new Headers(original?.headers);
    new Headers(init?.headers).forEach((value, key) => headers.set(key, value));
    if (scope) {
      headers.set(CORRELATION_ID_HTTP_HEADER, scope.correlationId);
      headers.set('X-Request-Id', scope.requestId);
    }
    const signals = [AbortSignal.timeout(options.timeoutMs)];
    for (const signal of [init?.signal, original?.signal, scope?.signal]) if (signal) signals.push(signal);
    const url = new URL(original ? original.url : String(input));
    const method = (init?.method ?? original?.method ?? 'GET').toUpperCase();
    const fields = {
      provider: options.provider,
      operation: scope?.operation ?? 'unknown',
      method,
      path: url.pathname,
      ...(scope ? {} : { correlationId: null }),
    };
    const logger = scope?.logger ?? options.logger;
    const started = performance.now();
    try {
      // The body is passed through untouched (a FormData keeps the boundary fetch gives it).
      const send = () => base(original ?? url, { ...init, method, headers, signal: AbortSignal.any(signals) });
      // A client span with `traceparent` on the request when the worker traces (tracing/); else just the request.
      const response = await traceProviderRequest(
        { provider: options.provider, operation: fields.operation, method, url, correlationId: scope?.correlationId },
        headers,
        send,
      );
      logger.info('provider call', { ...fields, status: response.status, durationMs: elapsed(started) });
      observeProviderCall({ ...measured(fields, started), error: errorKindOfStatus(response.status) });
      return response;
    } catch (err) {
      const error = err instanceof Error ? err.name : 'Error';
      logger.warn('provider call failed', { ...fields, status: null, durationMs: elapsed(started), error });
      observeProviderCall({ ...measured(fields, started), error: errorKindOfThrown(err) });
      throw err;
    }
  };
  return instrumented as FetchFn;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** The metric labels and unrounded duration of a call started at `started`. */
function measured(fields: { provider: string; operation: string }, started: number) {
  return { provider: fields.provider, operation: fields.operation, durationMs: performance.now() - started };
}

export interface JsonRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Validates the response body; omit for endpoints with an empty body. */
  schema?: z.ZodType<T>;
}

/** Sends a JSON request; throws {@link HttpError} on a non-2xx answer and validates the body with `schema`. */
export async function requestJson<T>(fetchFn: FetchFn, request: JsonRequest<T>): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetchFn(request.url, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  const parsed = parseBody(text);
  if (!response.ok) {
    throw new HttpError(response.status, response.headers, parsed, request.method, new URL(request.url).pathname);
  }
  if (!request.schema) return parsed as T;
  const result = request.schema.safeParse(parsed);
  if (!result.success) {
    throw new UnexpectedResponseError(
      `${request.method} ${new URL(request.url).pathname}: unexpected response: ${result.error.message}`,
    );
  }
  return result.data;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Joins a base URL (with or without a trailing slash) and a path starting with `/`. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
