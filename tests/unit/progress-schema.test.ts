/**
 * The record schemas defined once and used twice: the contract's progress schemas in their strip (HTTP API) and loose
 * (store, activities) modes, and the store's job and orphan schemas that the API's responses derive from.
 */
import { JobListResponseSchema, OrphanListResponseSchema } from '../../client/api/schemas/responses';
import { JobRecordSchema, OrphanReportRecordSchema, isoTimestamp } from '../../store/record-schemas';
import { LooseProgressSchemas, StripProgressSchemas } from '../../workflows/contracts/progress-schema';
import { makeJob, makeOrphan, makeProgress } from '../store/fixtures';

/** A progress payload as a newer worker might write it: an unknown field at every depth. */
function progressWithFutureFields() {
  const progress = makeProgress({
    tenantId: 'acme',
    resources: { workosOrganizationId: 'org_1', convexProjectId: 7 },
    error: { type: 'ProviderUnavailable', message: 'down', nonRetryable: false, step: 'createConvexProject' },
    leaks: [{ step: 'createPagesProject', error: 'timeout' }],
    retries: [{ requestedBy: 'admin@brain', at: '2025-01-10T12:05:00.000Z' }],
  });
  const [first, ...rest] = progress.steps;
  return {
    ...progress,
    future: { nested: [1, 2] },
    steps: [{ ...first, future: 'step', error: { type: 'X', message: 'm', nonRetryable: true, future: 1 } }, ...rest],
    resources: { ...progress.resources, futureResourceId: 'r_1' },
    error: { ...progress.error, future: true },
    leaks: [{ ...progress.leaks[0], future: 'leak' }],
    retries: [{ ...progress.retries[0], future: 'retry' }],
  };
}

describe('progress schemas', () => {
  it('loose (store, activities) keeps unknown keys at every depth', () => {
    const written = progressWithFutureFields();
    expect(LooseProgressSchemas.ProvisioningProgressSchema.parse(written)).toEqual(written);
  });

  it('strip (HTTP API) drops unknown keys at every depth', () => {
    const parsed = StripProgressSchemas.ProvisioningProgressSchema.parse(progressWithFutureFields());
    expect(parsed).not.toHaveProperty('future');
    expect(parsed.steps[0]).not.toHaveProperty('future');
    expect(parsed.steps[0]?.error).not.toHaveProperty('future');
    expect(parsed.resources).toEqual({ workosOrganizationId: 'org_1', convexProjectId: 7 });
    expect(parsed.error).not.toHaveProperty('future');
    expect(parsed.leaks).toEqual([{ step: 'createPagesProject', error: 'timeout' }]);
    expect(parsed.retries).toEqual([{ requestedBy: 'admin@brain', at: '2025-01-10T12:05:00.000Z' }]);
  });

  it.each([
    ['percent above 100', { percent: 101 }],
    ['negative percent', { percent: -1 }],
    ['an empty job ID', { jobId: '' }],
    ['an unknown status', { status: 'exploded' }],
    ['an unknown current step', { currentStep: 'mineBitcoin' }],
    ['a fractional step count', { completedSteps: 1.5 }],
    ['a negative retry count', { retryCount: -1 }],
    ['a fractional Convex project ID', { resources: { convexProjectId: 1.5 } }],
    ['a missing field', { leaks: undefined }],
  ])('both modes reject %s', (_case, override) => {
    const progress = { ...makeProgress({ tenantId: 'acme' }), ...override };
    expect(StripProgressSchemas.ProvisioningProgressSchema.safeParse(progress).success).toBe(false);
    expect(LooseProgressSchemas.ProvisioningProgressSchema.safeParse(progress).success).toBe(false);
  });

  it('both modes accept 0 and 100 percent', () => {
    for (const percent of [0, 100]) {
      const progress = makeProgress({ tenantId: 'acme', percent });
      expect(StripProgressSchemas.ProvisioningProgressSchema.parse(progress)).toEqual(progress);
      expect(LooseProgressSchemas.ProvisioningProgressSchema.parse(progress)).toEqual(progress);
    }
  });
});

describe('store timestamps', () => {
  it('normalise any offset to canonical UTC and reject a non-timestamp without throwing', () => {
    expect(isoTimestamp.parse('2024-01-02T04:04:05+01:00')).toBe('2024-01-02T03:04:05.000Z');
    expect(isoTimestamp.safeParse('garbage').success).toBe(false);
    expect(isoTimestamp.safeParse('2024-01-31').success).toBe(false);
  });
});

describe('API responses derived from the store schemas', () => {
  it('a job summary is the job record without its progress, timestamps normalised', () => {
    const job = makeJob({ tenantId: 'acme', startedAt: '2025-01-10T13:00:00+01:00' });
    const { jobs } = JobListResponseSchema.parse({ jobs: [job] });
    const { progress: _progress, ...summary } = JobRecordSchema.parse(job);
    expect(jobs).toEqual([summary]);
    expect(jobs[0]).not.toHaveProperty('progress');
    expect(jobs[0]?.startedAt).toBe('2025-01-10T12:00:00.000Z');
  });

  it('an orphan report row is the scanned orphan with its scan and cleanup state', () => {
    const row = {
      scanId: 'scan-1',
      ...makeOrphan({ id: 'p1' }),
      status: 'cleaned' as const,
      cleanedAt: '2025-01-11T00:00:00.000Z',
      cleanedBy: 'admin@brain',
      cleanupError: null,
    };
    expect(OrphanListResponseSchema.parse({ orphans: [{ ...row, extra: 1 }] })).toEqual({ orphans: [row] });
    expect(OrphanReportRecordSchema.safeParse({ ...row, ageMs: -1 }).success).toBe(false);
    expect(OrphanReportRecordSchema.safeParse({ ...row, status: 'lost' }).success).toBe(false);
  });
});
