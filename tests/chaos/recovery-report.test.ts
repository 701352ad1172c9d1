/**
 * The recovery benchmark's options and its section of docs/BENCHMARKS.md (pure parts of bench/recovery*.ts).
 */
import { parseRecoveryOptions, recoveryCommand } from '../../bench/recovery';
import { RECOVERY_END, RECOVERY_START, replaceRecoverySection } from '../../bench/recovery-report';

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

describe('the recovery section of docs/BENCHMARKS.md', () => {
  const other = '<!-- bench:provisioning:start -->\nprovisioning figures\n<!-- bench:provisioning:end -->';

  it('is appended after the other sections when it is not there yet', () => {
    expect(replaceRecoverySection(`# Benchmarks\n\n${other}\n`, 'first')).toBe(
      `# Benchmarks\n\n${other}\n\n${RECOVERY_START}\nfirst\n${RECOVERY_END}\n`,
    );
  });

  it('replaces only its own section', () => {
    const document = `# B\n\n${other}\n\n${RECOVERY_START}\nold\n${RECOVERY_END}\n\ntail\n`;
    expect(replaceRecoverySection(document, 'new\n')).toBe(
      `# B\n\n${other}\n\n${RECOVERY_START}\nnew\n${RECOVERY_END}\n\ntail\n`,
    );
  });

  it('refuses markers out of order', () => {
    expect(() => replaceRecoverySection(`${RECOVERY_END}\n${RECOVERY_START}\n`, 'x')).toThrow(/ordered pair/);
  });
});
