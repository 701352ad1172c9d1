import { authenticate } from '../../../client/api/auth';
import { ApiError, isTemporalUnavailable, toErrorResponse } from '../../../client/api/http-errors';
import { resolveRequestId } from '../../../client/api/request-context';
import { toOpenApiPath } from '../../../client/api/route';
import { JobNotFoundError, JobNotRetryableError, ValidationError } from '../../../client/lib/errors';
import { parseApiCredentials, formatApiCredential } from '../../../common/api-credentials';

describe('toErrorResponse', () => {
  it('maps client error codes to 4xx JSON errors', () => {
    expect(toErrorResponse(new JobNotFoundError('provision-x'))).toMatchObject({
      status: 404,
      body: { error: { code: 'job_not_found' } },
      expected: true,
    });
    expect(toErrorResponse(new JobNotRetryableError('provision-x', 'running'))).toMatchObject({
      status: 409,
      body: { error: { code: 'job_not_failed' } },
    });
  });

  it('keeps the field issues of a validation error', () => {
    const response = toErrorResponse(new ValidationError([{ path: 'owner.email', message: 'Invalid email' }]));
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'invalid_input',
      message: 'Invalid input: owner.email: Invalid email',
      issues: [{ path: 'owner.email', message: 'Invalid email' }],
    });
  });

  it('answers 503 temporal_unavailable for a gRPC UNAVAILABLE anywhere in the cause chain', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const wrapped = new Error('Failed to start Workflow', { cause: grpc });
    expect(isTemporalUnavailable(wrapped)).toBe(true);
    expect(toErrorResponse(wrapped)).toMatchObject({ status: 503, body: { error: { code: 'temporal_unavailable' } } });
  });

  it('hides unexpected errors behind a 500 internal_error that is flagged for logging', () => {
    const response = toErrorResponse(
      Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }),
    );
    expect(response).toEqual({
      status: 500,
      body: { error: { code: 'internal_error', message: 'Internal error' } },
      expected: false,
    });
  });

  it('uses the status of an ApiError', () => {
    expect(toErrorResponse(new ApiError('invalid_json', 'bad'))).toMatchObject({ status: 400, expected: true });
  });
});

describe('authenticate', () => {
  const token = 'a-long-admin-token';
  const credentials = parseApiCredentials(
    [formatApiCredential('ops', 'admin', token), formatApiCredential('brain-app', 'brain', 'another-token')].join(','),
  );

  it('names the principal whose token it is', () => {
    expect(authenticate(`Bearer ${token}`, credentials)).toEqual({ name: 'ops', role: 'admin' });
    expect(authenticate(`bearer ${token}`, credentials)).toEqual({ name: 'ops', role: 'admin' });
    expect(authenticate('Bearer another-token', credentials)).toEqual({ name: 'brain-app', role: 'brain' });
  });

  it.each([undefined, '', token, `Bearer ${token}x`, `Basic ${token}`, 'Bearer ', `Bearer ${token} extra`])(
    'rejects %p',
    (header) => {
      expect(authenticate(header, credentials)).toBeUndefined();
    },
  );

  it('accepts nobody when no credential is configured', () => {
    expect(authenticate(`Bearer ${token}`, [])).toBeUndefined();
  });
});

describe('resolveRequestId', () => {
  it('keeps a well-formed caller ID and replaces anything else with a UUID', () => {
    expect(resolveRequestId('brain-req_42:a.b')).toBe('brain-req_42:a.b');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(resolveRequestId(undefined)).toMatch(uuid);
    expect(resolveRequestId('bad id\n{"level":"error"}')).toMatch(uuid);
    expect(resolveRequestId('x'.repeat(129))).toMatch(uuid);
  });
});

describe('toOpenApiPath', () => {
  it('turns hono parameters into OpenAPI templates', () => {
    expect(toOpenApiPath('/provisioning/:jobId/cancel')).toBe('/provisioning/{jobId}/cancel');
  });
});
