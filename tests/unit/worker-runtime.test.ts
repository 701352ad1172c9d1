/** forwardSdkLog: Temporal SDK log entries become JSON lines of the worker logger, at the matching level. */
import { createJsonLogger } from '../../common/logging';
import { forwardSdkLog } from '../../worker/runtime';

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('forwardSdkLog', () => {
  it.each([
    ['TRACE', 'debug'],
    ['DEBUG', 'debug'],
    ['INFO', 'info'],
    ['WARN', 'warn'],
    ['ERROR', 'error'],
  ] as const)('maps %s to %s', (sdkLevel, level) => {
    const { logger, lines } = capture();
    forwardSdkLog(logger, { level: sdkLevel, message: 'm', timestampNanos: 0n });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level, msg: 'm', source: 'temporal-sdk' });
  });

  it('keeps the SDK metadata as fields of the line', () => {
    const { logger, lines } = capture();
    forwardSdkLog(logger, {
      level: 'WARN',
      message: 'Activity failed',
      timestampNanos: 0n,
      meta: { workflowId: 'provision-acme', attempt: 2, sdkComponent: 'worker' },
    });
    expect(lines[0]).toMatchObject({ workflowId: 'provision-acme', attempt: 2, sdkComponent: 'worker' });
  });

  it('dates the line when the entry was made, not when the Runtime let it go', () => {
    const { logger, lines } = capture();
    const madeAt = Date.parse('2026-12-03T08:05:58.419Z');
    forwardSdkLog(logger, { level: 'INFO', message: 'step started', timestampNanos: BigInt(madeAt) * 1_000_000n + 7n });
    logger.info('written now');
    expect(lines[0]?.time).toBe('2026-12-03T08:05:58.419Z');
    expect(Date.parse(String(lines[1]?.time))).toBeGreaterThan(madeAt);
  });

  it('respects the logger level', () => {
    const { logger, lines } = capture('info');
    forwardSdkLog(logger, { level: 'DEBUG', message: 'noise', timestampNanos: 0n });
    forwardSdkLog(logger, { level: 'INFO', message: 'state', timestampNanos: 0n });
    expect(lines.map((l) => l.msg)).toEqual(['state']);
  });
});
