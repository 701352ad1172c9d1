import { ApplicationFailure } from '@temporalio/common';
import { APIError, APIConnectionError, APIConnectionTimeoutError } from 'cloudflare';
import {
  GenericServerException,
  NotFoundException,
  RateLimitExceededException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@workos-inc/node';
import {
  classify,
  deleteIfPresent,
  errorFacts,
  ifFound,
  isConflict,
  isNotFound,
  parseRetryAfter,
  toActivityFailure,
} from '../../activities/errors';
import { HttpError } from '../../activities/http';
import { StoreError, StoreErrorType } from '../../store/errors';
import { FailureType } from '../../workflows/contracts/provision-tenant';

const ctx = { provider: 'convex', operation: 'createProject', attempt: 2 };
const NOW = Date.parse('2025-01-01T00:00:00.000Z');

function httpError(status: number, body: unknown = {}, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, new Headers(headers), body, 'POST', '/v1/teams/1/create_project');
}

/** Like SendGrid's ResponseError: numeric `code`, `response.headers` (plain object) and `response.body`. */
function sendgridError(code: number, body: unknown, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error('Forbidden'), { name: 'ResponseError', code, response: { headers, body } });
}

function cloudflareError(status: number, code: number, headers: Record<string, string> = {}): APIError {
  const body = { success: false, errors: [{ code, message: 'error' }], messages: [], result: null };
  return APIError.generate(status, body, undefined, new Headers(headers));
}

function failureOf(err: unknown): ApplicationFailure {
  return toActivityFailure(err, ctx, NOW);
}

describe('toActivityFailure: our fetch clients (HttpError)', () => {
  it.each([500, 502, 503, 504, 408])('%i is ProviderUnavailable and retryable', (status) => {
    const failure = failureOf(httpError(status, { code: 'InternalServerError', message: 'boom' }));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    expect(failure.nonRetryable).toBe(false);
  });

  it('429 with Retry-After seconds is ProviderRateLimited with nextRetryDelay', () => {
    const failure = failureOf(httpError(429, { code: 'RateLimited' }, { 'retry-after': '7' }));
    expect(failure.type).toBe(FailureType.ProviderRateLimited);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(7000);
  });

  it('429 with Retry-After as an HTTP date waits until that date', () => {
    const date = new Date(NOW + 12_000).toUTCString();
    const failure = failureOf(httpError(429, {}, { 'retry-after': date }));
    expect(failure.type).toBe(FailureType.ProviderRateLimited);
    expect(failure.nextRetryDelay).toBe(12_000);
  });

  it('429 without any hint leaves the delay to the retry policy', () => {
    const failure = failureOf(httpError(429));
    expect(failure.type).toBe(FailureType.ProviderRateLimited);
    expect(failure.nextRetryDelay).toBeUndefined();
  });

  it.each([401, 403])('%i is ProviderAuthFailed and non-retryable', (status) => {
    const failure = failureOf(httpError(status, { code: 'Unauthenticated' }));
    expect(failure.type).toBe(FailureType.ProviderAuthFailed);
    expect(failure.nonRetryable).toBe(true);
  });

  it('a Convex code containing Quota is ProviderQuotaExceeded, whatever the status', () => {
    const failure = failureOf(httpError(400, { code: 'ProjectQuotaReached', message: 'max projects' }));
    expect(failure.type).toBe(FailureType.ProviderQuotaExceeded);
    expect(failure.nonRetryable).toBe(true);
  });

  it.each([400, 404, 409, 422])('other 4xx (%i) is ProviderRejected and non-retryable', (status) => {
    const failure = failureOf(httpError(status, { code: 'BadRequest' }));
    expect(failure.type).toBe(FailureType.ProviderRejected);
    expect(failure.nonRetryable).toBe(true);
  });

  it('keeps the cause and puts provider, operation, status and attempt in details', () => {
    const original = httpError(503, { code: 'Overloaded' });
    const failure = failureOf(original);
    expect(failure.cause).toBe(original);
    expect(failure.details).toEqual([{ provider: 'convex', operation: 'createProject', status: 503, attempt: 2 }]);
    expect(failure.message).toContain('convex createProject failed (503)');
  });
});

describe('toActivityFailure: network errors', () => {
  it('fetch TypeError with an ECONNREFUSED cause is ProviderUnavailable with status null', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    const failure = failureOf(err);
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.details).toEqual([{ provider: 'convex', operation: 'createProject', status: null, attempt: 2 }]);
  });

  it('an AbortSignal timeout (TimeoutError) is ProviderUnavailable', () => {
    const err = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(failureOf(err).type).toBe(FailureType.ProviderUnavailable);
  });

  it('an AbortError is ProviderUnavailable', () => {
    const err = new DOMException('This operation was aborted', 'AbortError');
    expect(failureOf(err).type).toBe(FailureType.ProviderUnavailable);
    expect(errorFacts(err).network).toBe(true);
  });

  it('an SDK wrapper around a network error is looked through', () => {
    // WorkOS wraps non-HTTP failures as Error('Unexpected error: ...', {cause}).
    const err = new Error('Unexpected error: TimeoutError', { cause: new DOMException('timeout', 'TimeoutError') });
    const facts = errorFacts(err);
    expect(facts.network).toBe(true);
    expect(failureOf(err).type).toBe(FailureType.ProviderUnavailable);
  });
});

describe('toActivityFailure: WorkOS SDK exceptions', () => {
  it('RateLimitExceededException uses retryAfter (seconds)', () => {
    const failure = failureOf(new RateLimitExceededException('Too many requests', 'req_1', 3));
    expect(failure.type).toBe(FailureType.ProviderRateLimited);
    expect(failure.nextRetryDelay).toBe(3000);
  });

  it('UnauthorizedException is ProviderAuthFailed', () => {
    const failure = failureOf(new UnauthorizedException('req_1'));
    expect(failure.type).toBe(FailureType.ProviderAuthFailed);
    expect(failure.nonRetryable).toBe(true);
  });

  it('GenericServerException 500 is ProviderUnavailable', () => {
    const failure = failureOf(new GenericServerException(500, 'Internal Server Error', { code: 'server_error' }, 'r'));
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
  });

  it('quota_exceeded (422) is ProviderQuotaExceeded', () => {
    const err = new UnprocessableEntityException({
      code: 'quota_exceeded',
      errors: [],
      message: 'plan limit',
      requestID: 'r',
    });
    const failure = failureOf(err);
    expect(failure.type).toBe(FailureType.ProviderQuotaExceeded);
    expect(failure.nonRetryable).toBe(true);
  });

  it('NotFoundException is a 404 (ProviderRejected; ifFound maps it to undefined)', async () => {
    const err = new NotFoundException({
      code: 'entity_not_found',
      message: 'no',
      path: '/organizations/x',
      requestID: 'r',
    });
    expect(failureOf(err).type).toBe(FailureType.ProviderRejected);
    expect(isNotFound(err)).toBe(true);
    await expect(ifFound(() => Promise.reject(err))).resolves.toBeUndefined();
  });

  it('a timeout reported as 408 is ProviderUnavailable', () => {
    const err = Object.assign(new Error('Error: Request timeout'), { name: 'OauthException', status: 408 });
    expect(failureOf(err).type).toBe(FailureType.ProviderUnavailable);
  });
});

describe('toActivityFailure: Cloudflare APIError', () => {
  it('429 reads retry-after from the Headers object', () => {
    const failure = failureOf(cloudflareError(429, 971, { 'retry-after': '2' }));
    expect(failure.type).toBe(FailureType.ProviderRateLimited);
    expect(failure.nextRetryDelay).toBe(2000);
  });

  it('retry-after-ms wins over retry-after', () => {
    const failure = failureOf(cloudflareError(429, 971, { 'retry-after-ms': '250', 'retry-after': '9' }));
    expect(failure.nextRetryDelay).toBe(250);
  });

  it('code 8000005 is ProviderQuotaExceeded', () => {
    expect(failureOf(cloudflareError(400, 8000005)).type).toBe(FailureType.ProviderQuotaExceeded);
  });

  it('403 code 10000 is ProviderAuthFailed', () => {
    expect(failureOf(cloudflareError(403, 10000)).type).toBe(FailureType.ProviderAuthFailed);
  });

  it('8000002 (duplicate project) counts as a conflict even with status 400', () => {
    expect(isConflict(cloudflareError(400, 8000002))).toBe(true);
    expect(isConflict(cloudflareError(400, 8000011))).toBe(false);
  });

  it('connection errors have no status and are ProviderUnavailable', () => {
    expect(failureOf(new APIConnectionError({ message: 'refused' })).type).toBe(FailureType.ProviderUnavailable);
    expect(failureOf(new APIConnectionTimeoutError()).type).toBe(FailureType.ProviderUnavailable);
  });
});

describe('toActivityFailure: SendGrid ResponseError', () => {
  it('429 waits until X-RateLimit-Reset (unix seconds)', () => {
    const reset = String(Math.floor(NOW / 1000) + 5);
    const failure = failureOf(
      sendgridError(429, { errors: [{ message: 'too many requests' }] }, { 'x-ratelimit-reset': reset }),
    );
    expect(failure.type).toBe(FailureType.ProviderRateLimited);
    expect(failure.nextRetryDelay).toBe(5000);
  });

  it('403 about credits is ProviderQuotaExceeded', () => {
    const err = sendgridError(403, { errors: [{ message: 'Maximum credits exceeded', field: null }] });
    expect(failureOf(err).type).toBe(FailureType.ProviderQuotaExceeded);
  });

  it('other 403 is ProviderAuthFailed', () => {
    const err = sendgridError(403, {
      errors: [{ message: 'The from address does not match a verified Sender Identity' }],
    });
    expect(failureOf(err).type).toBe(FailureType.ProviderAuthFailed);
  });

  it('400 is ProviderRejected', () => {
    expect(failureOf(sendgridError(400, { errors: [{ message: 'bad' }] })).type).toBe(FailureType.ProviderRejected);
  });
});

describe('toActivityFailure: other inputs', () => {
  it('an ApplicationFailure passes through unchanged', () => {
    const original = ApplicationFailure.create({
      type: FailureType.ResourceConflict,
      message: 'x',
      nonRetryable: true,
    });
    expect(failureOf(original)).toBe(original);
  });

  it('a store InvalidRecord is InvalidInput (non-retryable); other store errors are retried', () => {
    const invalid = failureOf(new StoreError(StoreErrorType.InvalidRecord, 'bad record'));
    expect(invalid.type).toBe(FailureType.InvalidInput);
    expect(invalid.nonRetryable).toBe(true);
    const corrupt = failureOf(new StoreError(StoreErrorType.CorruptRow, 'bad row'));
    expect(corrupt.type).toBe(FailureType.ProviderUnavailable);
    expect(corrupt.nonRetryable).toBe(false);
  });

  it('a non-Error value is wrapped so the cause is kept', () => {
    const failure = failureOf('plain string');
    expect(failure.type).toBe(FailureType.ProviderUnavailable);
    expect(failure.cause?.message).toBe('plain string');
  });

  it('a zero Retry-After becomes a small positive delay (zero would mean "unset")', () => {
    expect(failureOf(httpError(429, {}, { 'retry-after': '0' })).nextRetryDelay).toBe(100);
  });
});

describe('classify, parseRetryAfter, deleteIfPresent', () => {
  const base = { network: false, quota: false, retryAfterMs: undefined, message: '' };

  it('quota wins over the status', () => {
    expect(classify({ ...base, status: 403, quota: true })).toBe(FailureType.ProviderQuotaExceeded);
  });

  it('no status is ProviderUnavailable', () => {
    expect(classify({ ...base, status: undefined })).toBe(FailureType.ProviderUnavailable);
  });

  it('parses seconds, fractional seconds, dates and rejects junk', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter(new Date(NOW + 4000).toUTCString(), NOW)).toBe(4000);
    expect(parseRetryAfter(new Date(NOW - 4000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });

  it('deleteIfPresent: true after a delete, false on 404, rethrows anything else', async () => {
    await expect(deleteIfPresent(() => Promise.resolve())).resolves.toBe(true);
    await expect(deleteIfPresent(() => Promise.reject(httpError(404)))).resolves.toBe(false);
    await expect(deleteIfPresent(() => Promise.reject(httpError(500)))).rejects.toBeInstanceOf(HttpError);
  });
});
