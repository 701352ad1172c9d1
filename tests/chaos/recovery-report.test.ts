/**
 * The recovery benchmark's options (pure parts of bench/recovery.ts); its docs section is written like the
 * provisioning one (tests/unit/bench-docs-section.test.ts).
 */
import { parseRecoveryOptions, recoveryCommand } from '../../bench/recovery';

describe('recovery benchmark options', () => {
  it('runs 200 jobs and writes the docs by default; BENCH_CHAOS_JOBS=0 skips it', () => {
    expect(parseRecoveryOptions({})).toEqual({ jobs: 200, writeDocs: true });
    expect(parseRecoveryOptions({ BENCH_CHAOS_JOBS: '0', BENCH_WRITE_DOCS: 'false' })).toEqual({
      jobs: 0,
      writeDocs: false,
    });
    expect(parseRecoveryOptions({ BENCH_CHAOS_JOBS: '' })).toEqual({ jobs: 200, writeDocs: true });
  });

  it('names the bad variable', () => {
    expect(() => parseRecoveryOptions({ BENCH_CHAOS_JOBS: 'many' })).toThrow(/BENCH_CHAOS_JOBS/);
  });

  it('puts BENCH_CHAOS_JOBS in front of the command only when it was set', () => {
    expect(recoveryCommand({}, 'npm run bench')).toBe('npm run bench');
    expect(recoveryCommand({ BENCH_CHAOS_JOBS: '50' }, 'npm run bench')).toBe('BENCH_CHAOS_JOBS=50 npm run bench');
  });
});
