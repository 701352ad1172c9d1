/**
 * Small statistics for the benchmark: percentiles (linear interpolation between closest ranks), summaries and
 * ratios. Pure functions; machines are noisy, so the benchmark reports medians and ratios, never single runs.
 */

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/**
 * The `p`-th percentile (0-100) of `values`, interpolating linearly between the two closest ranks (the method of
 * NumPy's default and of spreadsheets' PERCENTILE.INC). Throws a RangeError on an empty list or a p outside 0-100.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0-100 (got ${p})`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

/** The median (50th percentile). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Count, min, p50, p95, max and mean of `values` (non-empty). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('summary of an empty list');
  return {
    count: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: Math.max(...values),
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
  };
}

/** `numerator / denominator`; NaN when the denominator is 0 (a ratio to nothing is not a figure). */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.NaN : numerator / denominator;
}
