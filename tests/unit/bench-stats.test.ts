import { median, percentile, ratio, summarize } from '../../bench/stats';

describe('percentile', () => {
  it('interpolates linearly between the closest ranks', () => {
    const values = [10, 20, 30, 40, 50];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 25)).toBe(20);
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 100)).toBe(50);
    // rank 0.95 × 4 = 3.8: 40 + 0.8 × (50 − 40)
    expect(percentile(values, 95)).toBeCloseTo(48, 10);
  });

  it('does not depend on the input order and does not reorder the input', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(values).toEqual([50, 10, 40, 20, 30]);
  });

  it('returns the only value of a one-element list for every p', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 95)).toBe(7);
  });

  it('rejects an empty list and a p outside 0-100 with a RangeError', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('is the middle value of an odd list and the mean of the middle two of an even list', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('summarize', () => {
  it('reports count, min, p50, p95, max and mean', () => {
    const values = Array.from({ length: 21 }, (_, i) => i * 10); // 0, 10, ..., 200
    expect(summarize(values)).toEqual({ count: 21, min: 0, p50: 100, p95: 190, max: 200, mean: 100 });
  });

  it('rejects an empty list', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});

describe('ratio', () => {
  it('divides, and is NaN for a zero denominator', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
  });
});
