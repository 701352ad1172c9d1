/**
 * The daily series of the provisioning metrics: per UTC day, runs by outcome, success rate, average and p95 of the
 * completed runs; every day of a bounded range is listed, an open range lists the days with runs.
 */
import { dailyProvisioningSeries, MAX_FILLED_DAYS, type SeriesRow } from '../../store/provisioning-metrics-series';

const row = (day: string, outcome: SeriesRow['outcome'], durationMs: number): SeriesRow => ({
  day,
  outcome,
  durationMs,
});

describe('dailyProvisioningSeries', () => {
  const rows = [
    row('2025-03-01', 'completed', 60_000),
    row('2025-03-01', 'completed', 120_000),
    row('2025-03-01', 'cleaned_up', 30_000),
    row('2025-03-01', 'cancelled', 1_000),
    row('2025-03-03', 'completed', 90_000),
  ];

  it('lists every day of a bounded range, with exact figures per day', () => {
    const series = dailyProvisioningSeries(rows, { from: '2025-03-01T00:00:00.000Z', to: '2025-03-03T23:59:59.999Z' });
    expect(series).toEqual([
      {
        day: '2025-03-01',
        runs: 4,
        completed: 2,
        cleanedUp: 1,
        cancelled: 1,
        successRate: 2 / 3,
        durationMs: { average: 90_000, p95: 120_000 },
      },
      {
        day: '2025-03-02',
        runs: 0,
        completed: 0,
        cleanedUp: 0,
        cancelled: 0,
        successRate: null,
        durationMs: { average: null, p95: null },
      },
      {
        day: '2025-03-03',
        runs: 1,
        completed: 1,
        cleanedUp: 0,
        cancelled: 0,
        successRate: 1,
        durationMs: { average: 90_000, p95: 90_000 },
      },
    ]);
  });

  it('lists only the days with runs for an open range, or one too long to fill', () => {
    expect(dailyProvisioningSeries(rows).map((day) => day.day)).toEqual(['2025-03-01', '2025-03-03']);
    const long = {
      from: '2020-01-01T00:00:00.000Z',
      to: new Date(Date.parse('2020-01-01') + MAX_FILLED_DAYS * 86_400_000).toISOString(),
    };
    expect(dailyProvisioningSeries(rows, long)).toHaveLength(2);
  });

  it('an empty bounded range is all zero days', () => {
    const series = dailyProvisioningSeries([], { from: '2025-03-01T00:00:00.000Z', to: '2025-03-02T12:00:00.000Z' });
    expect(series.map((day) => [day.day, day.runs, day.successRate])).toEqual([
      ['2025-03-01', 0, null],
      ['2025-03-02', 0, null],
    ]);
  });
});
