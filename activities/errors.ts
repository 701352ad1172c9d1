/**
 * THE one place that classifies provider errors into the failure contract (`FailureType`). Works on errors from the
 * project's fetch clients ({@link HttpError}), WorkOS SDK exceptions (`.status`, `.retryAfter`, `.rawData`),
 * Cloudflare `APIError` (`.status`, `.headers`, `.errors`), SendGrid `ResponseError` (`.code`, `.response`) and
 * network failures (fetch `TypeError`, `AbortError`/`TimeoutError`, socket error codes), looking through `cause` chains.
 */
import { ApplicationFailure } from '@temporalio/common';
import { StoreErrorType } from '../store/errors';
import { FailureType, type FailureTypeName } from '../workflows/contracts/provision-tenant';

export interface FailureContext {
  provider: string;
  operation: string;
  attempt?: number;
}

/** The facts about an error that decide its classification. */
export interface ErrorFacts {
  status: number | undefined;
  network: boolean;
  quota: boolean;
  retryAfterMs: number | undefined;
  message: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);
const NETWORK_NAMES = new Set(['AbortError', 'TimeoutError', 'APIConnectionError', 'APIConnectionTimeoutError']);
/** Smallest delay passed as `nextRetryDelay` (a zero Retry-After means "now", which Temporal reads as unset). */
const MIN_RETRY_DELAY_MS = 100;

/**
 * Converts any error thrown while calling `provider` into an `ApplicationFailure` whose `type` is the contract:
 * network/timeout/408/5xx → ProviderUnavailable (retryable); 429 → ProviderRateLimited with `nextRetryDelay`;
 * quota → ProviderQuotaExceeded; 401/403 → ProviderAuthFailed; other 4xx → ProviderRejected (all three
 * non-retryable). An `ApplicationFailure` passes through unchanged. The original error is kept as `cause`.
 */
export function toActivityFailure(err: unknown, context: FailureContext, now: number = Date.now()): ApplicationFailure {
  if (isApplicationFailure(err)) return err;
  // A record the store rejects is a bug in the input, not a transient condition; other store errors are retried.
  if (isRecord(err) && err.name === 'StoreError' && err.type === StoreErrorType.InvalidRecord) {
    return ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: `${context.provider} ${context.operation}: the store rejected the record: ${String(err.message)}`,
      nonRetryable: true,
      details: [
        { provider: context.provider, operation: context.operation, status: null, attempt: context.attempt ?? null },
      ],
      cause: err as unknown as Error,
    });
  }
  const facts = errorFacts(err, now);
  const type = classify(facts);
  const nonRetryable = type !== FailureType.ProviderUnavailable && type !== FailureType.ProviderRateLimited;
  const statusText = facts.status === undefined ? (facts.network ? 'network error' : 'error') : String(facts.status);
  return ApplicationFailure.create({
    type,
    message: `${context.provider} ${context.operation} failed (${statusText}): ${facts.message}`,
    nonRetryable,
    nextRetryDelay:
      type === FailureType.ProviderRateLimited && facts.retryAfterMs !== undefined
        ? Math.max(facts.retryAfterMs, MIN_RETRY_DELAY_MS)
        : undefined,
    details: [
      {
        provider: context.provider,
        operation: context.operation,
        status: facts.status ?? null,
        attempt: context.attempt ?? null,
      },
    ],
    cause: err instanceof Error ? err : new Error(String(err)),
  });
}

/** The failure type for a set of facts (pure; exported for tests and health reports). */
export function classify(facts: ErrorFacts): FailureTypeName {
  const { status } = facts;
  if (facts.quota) return FailureType.ProviderQuotaExceeded;
  if (status === undefined) return FailureType.ProviderUnavailable;
  if (status === 429) return FailureType.ProviderRateLimited;
  if (status === 408 || status >= 500) return FailureType.ProviderUnavailable;
  if (status === 401 || status === 403) return FailureType.ProviderAuthFailed;
  if (status >= 400) return FailureType.ProviderRejected;
  return FailureType.ProviderUnavailable;
}

/** Extracts status, network-ness, quota-ness and Retry-After from an error and its `cause` chain. */
export function errorFacts(err: unknown, now: number = Date.now()): ErrorFacts {
  const chain = causeChain(err);
  const withStatus = chain.find((e) => statusOf(e) !== undefined);
  const status = withStatus === undefined ? undefined : statusOf(withStatus);
  const network = status === undefined && chain.some(isNetworkError);
  const quota = chain.some((e) => isQuotaError(e, statusOf(e)));
  const retryAfterMs = withStatus === undefined ? undefined : retryAfterOf(withStatus, now);
  const first = chain[0];
  const message = first instanceof Error ? first.message : String(err);
  return { status, network, quota, retryAfterMs, message };
}

/** HTTP status of an error from any of the clients, or undefined (network errors, bugs). */
export function statusOf(err: unknown): number | undefined {
  if (!isRecord(err)) return undefined;
  if (typeof err.status === 'number' && err.status >= 100) return err.status;
  // WorkOS ParseError: a non-JSON error body.
  if (typeof err.rawStatus === 'number' && err.rawStatus >= 100) return err.rawStatus;
  // SendGrid's ResponseError: numeric `code` plus a `response`.
  if (typeof err.code === 'number' && err.code >= 100 && isRecord(err.response)) return err.code;
  return undefined;
}

/** True for "not found" from any provider (HTTP 404). */
export function isNotFound(err: unknown): boolean {
  return causeChain(err).some((e) => statusOf(e) === 404);
}

/** True for "already exists" from any provider (HTTP 409, or Cloudflare's code 8000002 whatever its status). */
export function isConflict(err: unknown): boolean {
  return causeChain(err).some(
    (e) => statusOf(e) === 409 || (isRecord(e) && errorCodes(e).some((c) => c === 8000002 || c === '8000002')),
  );
}

/** Runs `fn`; a 404 becomes `undefined` (find-or-adopt and delete-if-present). */
export async function ifFound<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Runs a delete; true when it deleted something, false when the provider answered 404 (nothing there). */
export async function deleteIfPresent(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isApplicationFailure(err: unknown): err is ApplicationFailure {
  return isRecord(err) && err.name === 'ApplicationFailure' && typeof err.type === 'string';
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = isRecord(current) ? current.cause : undefined;
  }
  return chain;
}

function isNetworkError(err: unknown): boolean {
  if (!isRecord(err)) return false;
  if (typeof err.name === 'string' && NETWORK_NAMES.has(err.name)) return true;
  if (typeof err.code === 'string' && NETWORK_CODES.has(err.code)) return true;
  return err instanceof TypeError && /fetch failed|network|socket/i.test(String(err.message));
}

function isQuotaError(err: unknown, status: number | undefined): boolean {
  if (!isRecord(err)) return false;
  const codes = errorCodes(err);
  if (codes.some((c) => typeof c === 'string' && /quota/i.test(c))) return true;
  if (codes.some((c) => c === 8000005 || c === '8000005')) return true;
  // SendGrid answers 403 "Maximum credits exceeded" when the plan's credits are used up.
  if (status === 403 && errorMessages(err).some((m) => /credits/i.test(m))) return true;
  return false;
}

/** Error codes found on the error itself, its body (`body`, `rawData`, `response.body`) and Cloudflare `errors[]`. */
function errorCodes(err: Record<string, unknown>): unknown[] {
  const codes: unknown[] = [];
  if (typeof err.code === 'string') codes.push(err.code);
  for (const body of bodiesOf(err)) {
    if (isRecord(body)) {
      codes.push(body.code);
      if (Array.isArray(body.errors)) for (const e of body.errors) if (isRecord(e)) codes.push(e.code);
    }
  }
  if (Array.isArray(err.errors)) for (const e of err.errors) if (isRecord(e)) codes.push(e.code);
  return codes.filter((c) => c !== undefined && c !== null);
}

function errorMessages(err: Record<string, unknown>): string[] {
  const messages: string[] = [];
  if (typeof err.message === 'string') messages.push(err.message);
  for (const body of bodiesOf(err)) {
    if (isRecord(body) && Array.isArray(body.errors)) {
      for (const e of body.errors) if (isRecord(e) && typeof e.message === 'string') messages.push(e.message);
    }
    if (isRecord(body) && typeof body.message === 'string') messages.push(body.message);
  }
  return messages;
}

function bodiesOf(err: Record<string, unknown>): unknown[] {
  const response = isRecord(err.response) ? err.response : undefined;
  return [err.body, err.rawData, err.error, response?.body, response?.data];
}

/** Delay before the next attempt from Retry-After (seconds or HTTP date), WorkOS `retryAfter`, X-RateLimit-Reset. */
function retryAfterOf(err: unknown, now: number): number | undefined {
  if (!isRecord(err)) return undefined;
  if (typeof err.retryAfter === 'number' && err.retryAfter >= 0) return err.retryAfter * 1000;
  const headers = isRecord(err.response) && err.response.headers ? err.response.headers : err.headers;
  const retryAfterMs = headerValue(headers, 'retry-after-ms');
  if (retryAfterMs !== undefined && /^\d+(\.\d+)?$/.test(retryAfterMs)) return Math.ceil(Number(retryAfterMs));
  const retryAfter = headerValue(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const parsed = parseRetryAfter(retryAfter, now);
    if (parsed !== undefined) return parsed;
  }
  const reset = headerValue(headers, 'x-ratelimit-reset');
  if (reset !== undefined && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

/** Parses a Retry-After value: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  if (!isRecord(headers)) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
