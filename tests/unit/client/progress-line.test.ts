import { formatBar, formatProgressLine, progressChangeKey } from '../../../client/cli/format/progress-line';
import { iso, progressFixture, T0 } from './progress-fixture';

describe('formatBar', () => {
  it('fills cells in proportion to the percentage', () => {
    expect(formatBar(0)).toBe('[----------]');
    expect(formatBar(55)).toBe('[#####-----]');
    expect(formatBar(99)).toBe('[#########-]');
    expect(formatBar(100)).toBe('[##########]');
    expect(formatBar(50, 4)).toBe('[##--]');
  });

  it('clamps out-of-range percentages', () => {
    expect(formatBar(-20)).toBe('[----------]');
    expect(formatBar(180)).toBe('[##########]');
  });
});

describe('formatProgressLine', () => {
  it('shows bar, percent, running step, step count and ETA counted from now', () => {
    const progress = progressFixture({ percent: 55, estimatedCompletionAt: iso(T0 + 20_000) });
    expect(formatProgressLine(progress, T0 + 8_000)).toBe('[#####-----] 55% deployFrontend (5/9) ETA 12s');
  });

  it('shows ETA -- when the workflow has no estimate yet', () => {
    const progress = progressFixture({ estimatedCompletionAt: null, currentStep: null }, 0);
    expect(formatProgressLine(progress, T0)).toBe('[----------] 0% starting (0/9) ETA --');
  });

  it('never shows a negative ETA once the estimate has passed', () => {
    const progress = progressFixture({ estimatedCompletionAt: iso(T0 + 1000) });
    expect(formatProgressLine(progress, T0 + 60_000)).toContain('ETA 0ms');
  });

  it('shows the total duration once completed', () => {
    const progress = progressFixture(
      { status: 'completed', percent: 100, currentStep: null, finishedAt: iso(T0 + 14_000) },
      9,
    );
    expect(formatProgressLine(progress, T0 + 99_000)).toBe('[##########] 100% completed (9/9) in 14s');
  });

  it('names the failed step and the time left before cleanup', () => {
    const progress = progressFixture({
      status: 'failed',
      percent: 56,
      cleanupAt: iso(T0 + 3_600_000),
      error: { step: 'deployFrontend', type: 'ProviderUnavailable', message: '503', nonRetryable: false },
    });
    expect(formatProgressLine(progress, T0)).toBe('[#####-----] 56% failed at deployFrontend (5/9) cleanup in 1h00m');
  });

  it('spells cleaned_up for humans', () => {
    const progress = progressFixture({ status: 'cleaned_up', finishedAt: iso(T0 + 5000) });
    expect(formatProgressLine(progress, T0)).toContain('cleaned up (5/9) in 5s');
  });
});

describe('progressChangeKey', () => {
  it('ignores the passing of time but not a change of step, status or retry', () => {
    const base = progressFixture();
    expect(progressChangeKey({ ...base, estimatedCompletionAt: iso(T0 + 99_000) })).toBe(progressChangeKey(base));
    expect(progressChangeKey(progressFixture({}, 6))).not.toBe(progressChangeKey(base));
    expect(progressChangeKey({ ...base, status: 'failed' })).not.toBe(progressChangeKey(base));
    expect(progressChangeKey({ ...base, retryCount: 1 })).not.toBe(progressChangeKey(base));
  });
});
