import { describeViolation, parsePlanLimits, quotaViolation, type QuotaCounts } from '../../common/quota-policy';

const counts = (requester: [number, number], ownerEmail: [number, number]): QuotaCounts => ({
  requester: { concurrent: requester[0], perDay: requester[1] },
  ownerEmail: { concurrent: ownerEmail[0], perDay: ownerEmail[1] },
});

describe('quotaViolation', () => {
  it('allows everything without limits', () => {
    expect(quotaViolation(counts([100, 100], [100, 100]), {}, 'free')).toBeUndefined();
  });

  it('names the first limit reached, by the plan of the job', () => {
    const limits = { requester: { perDay: { free: 3, pro: 10 } }, ownerEmail: { concurrent: { free: 1 } } };
    expect(quotaViolation(counts([0, 2], [0, 0]), limits, 'free')).toBeUndefined();
    expect(quotaViolation(counts([0, 3], [0, 0]), limits, 'free')).toEqual({
      scope: 'requester',
      kind: 'perDay',
      count: 3,
      limit: 3,
    });
    expect(quotaViolation(counts([0, 3], [0, 0]), limits, 'pro')).toBeUndefined();
    expect(quotaViolation(counts([0, 0], [1, 0]), limits, 'free')).toMatchObject({
      scope: 'ownerEmail',
      kind: 'concurrent',
    });
    expect(quotaViolation(counts([0, 0], [1, 0]), limits, 'enterprise')).toBeUndefined();
  });
});

describe('parsePlanLimits', () => {
  it('reads plan:count lists and names a bad entry', () => {
    expect(parsePlanLimits('free:2, pro:10')).toEqual({ free: 2, pro: 10 });
    expect(() => parsePlanLimits('free:2,gold:3')).toThrow('"gold:3" is not plan:count');
  });
});

it('describes a violation for the failure message', () => {
  expect(describeViolation({ scope: 'requester', kind: 'concurrent', count: 5, limit: 5 }, 'brain-prod')).toBe(
    'requester brain-prod already has 5 jobs in progress (limit 5)',
  );
});
