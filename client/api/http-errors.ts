/**
 * The API's error contract: every error is JSON `{error: {code, message, issues?}}`. Known codes map to a 4xx (or
 * 503 when a dependency is down); anything else is a 500 `internal_error`, which is a bug and is logged.
 */
import type { FieldIssue } from '../lib/errors';
import { errorCode, hasErrorName } from '../lib/errors';

export const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  invalid_input: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  client_blocked: 403,
  not_found: 404,
  job_not_found: 404,
  instance_not_found: 404,
  method_not_allowed: 405,
  job_not_failed: 409,
  job_not_running: 409,
  store_inconsistent: 409,
  instance_not_checkable: 409,
  payload_too_large: 413,
  rate_limited: 429,
  progress_unavailable: 503,
  temporal_unavailable: 503,
  health_check_unavailable: 503,
  internal_error: 500,
};

/** An error the API answers on purpose, with its code, status and message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = STATUS_OF_CODE[code] ?? 500,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: FieldIssue[] };
}

/** gRPC status codes that mean the Temporal server could not be reached in time. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/** True when `err` (or its cause chain) is a Temporal connection failure rather than a bug. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let current = err, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
    if (hasErrorName(current, 'TransportError')) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Status and body of any thrown value; `expected` is false for a 500 (the caller logs it as a bug). */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; expected: boolean } {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ApiError) {
    return { status: err.status, body: errorBody(err.code, message, err.issues), expected: err.status < 500 };
  }
  if (code !== undefined && STATUS_OF_CODE[code] !== undefined && code !== 'internal_error') {
    const issues = (err as { issues?: unknown }).issues;
    return {
      status: STATUS_OF_CODE[code] ?? 500,
      body: errorBody(code, message, Array.isArray(issues) ? (issues as FieldIssue[]) : undefined),
      expected: true,
    };
  }
  if (isTemporalUnavailable(err)) {
    return { status: 503, body: errorBody('temporal_unavailable', 'Temporal is unreachable'), expected: true };
  }
  return { status: 500, body: errorBody('internal_error', 'Internal error'), expected: false };
}

export function errorBody(code: string, message: string, issues?: FieldIssue[]): ErrorBody {
  return { error: issues && issues.length > 0 ? { code, message, issues } : { code, message } };
}
