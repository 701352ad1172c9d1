import { createProgressRenderer } from '../../../client/cli/progress-renderer';
import { iso, progressFixture, T0 } from './progress-fixture';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, write: (text: string) => chunks.push(text) }, chunks };
}

describe('createProgressRenderer', () => {
  it('redraws one line in place on a terminal, at every update, and ends it with a newline', () => {
    const { out, chunks } = capture(true);
    let now = T0 + 8_000;
    const renderer = createProgressRenderer(out, () => now);
    const progress = progressFixture({ percent: 55, estimatedCompletionAt: iso(T0 + 20_000) });
    renderer.update(progress);
    now += 1_000;
    renderer.update(progress);
    renderer.end();
    expect(chunks).toEqual([
      '\r\x1b[2K[#####-----] 55% deployFrontend (5/9) ETA 12s',
      '\r\x1b[2K[#####-----] 55% deployFrontend (5/9) ETA 11s',
      '\n',
    ]);
  });

  it('prints one line per change of state when not a terminal', () => {
    const { out, chunks } = capture(false);
    let now = T0;
    const renderer = createProgressRenderer(out, () => now);
    renderer.update(progressFixture({}, 4));
    now += 500;
    renderer.update(progressFixture({}, 4));
    renderer.update(progressFixture({}, 5));
    renderer.end();
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toMatch(/^\[####------\] 44% createPagesProject \(4\/9\) ETA 20s\n$/);
    expect(chunks[1]).toMatch(/deployFrontend \(5\/9\)/);
    expect(chunks.join('')).not.toContain('\r');
  });
});
