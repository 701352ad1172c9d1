/**
 * Live progress of a followed job. On a terminal the single line is redrawn in place (`\r` + clear line) at every
 * poll so the ETA counts down; elsewhere (pipes, CI logs) one line is printed per change of state.
 */
import type { ProvisioningProgress } from '../../workflows/contracts/provision-tenant';
import { formatProgressLine, progressChangeKey } from './format/progress-line';
import type { CliOutput } from './io';

export interface ProgressRenderer {
  update(progress: ProvisioningProgress): void;
  /** Ends the in-place line (if any) so the next output starts on a fresh line. */
  end(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

export function createProgressRenderer(out: CliOutput, now: () => number): ProgressRenderer {
  let lastKey: string | undefined;
  let lineOpen = false;
  return {
    update(progress) {
      const line = formatProgressLine(progress, now());
      if (out.isTTY) {
        out.write(`${CLEAR_LINE}${line}`);
        lineOpen = true;
        return;
      }
      const key = progressChangeKey(progress);
      if (key === lastKey) return;
      lastKey = key;
      out.write(`${line}\n`);
    },
    end() {
      if (lineOpen) out.write('\n');
      lineOpen = false;
    },
  };
}
