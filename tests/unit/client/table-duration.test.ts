import { durationBetween, formatDuration } from '../../../client/cli/format/duration';
import { formatFields, formatTable } from '../../../client/cli/format/table';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [12_400, '12s'],
    [65_000, '1m05s'],
    [3_600_000 + 3 * 60_000, '1h03m'],
    [2 * 86_400_000 + 4 * 3_600_000, '2d04h'],
    [-5000, '0ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('durationBetween', () => {
  it('measures between ISO timestamps and gives null when one is missing or garbage', () => {
    expect(durationBetween('2025-01-01T00:00:00Z', '2025-01-01T00:00:02.500Z')).toBe(2500);
    expect(durationBetween(null, '2025-01-01T00:00:00Z')).toBeNull();
    expect(durationBetween('yesterday', '2025-01-01T00:00:00Z')).toBeNull();
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell, shows null as -, and leaves no trailing spaces', () => {
    const table = formatTable(
      ['NAME', 'N', 'NOTE'],
      [
        ['reserveQuota', 1, null],
        ['x', 10, 'multi\nline'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'NAME          N   NOTE',
      'reserveQuota  1   -',
      'x             10  multi line',
    ]);
  });
});

describe('formatFields', () => {
  it('aligns labels and drops null values', () => {
    expect(
      formatFields([
        ['Job', 'provision-acme'],
        ['ETA', null],
        ['Status', 'running'],
      ]),
    ).toBe('Job     provision-acme\nStatus  running');
  });
});
