/** What a CLI command writes to and how it fails; injected so commands run in tests without a terminal. */

export interface CliOutput {
  write(text: string): unknown;
  /** True when the stream is a terminal: progress is redrawn in place instead of printed line by line. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
}

/** Exit codes of every verb. */
export const ExitCode = { Ok: 0, Failed: 1, BadInput: 2 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad command-line usage (unknown verb or flag, missing argument): exit code 2 with the message. */
export class UsageError extends Error {
  readonly code = 'usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Writes `text` and a newline. */
export function println(out: CliOutput, text = ''): void {
  out.write(`${text}\n`);
}
