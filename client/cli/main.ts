/**
 * The admin CLI: `npx tsx client/cli/main.ts <verb>` or `npm run cli -- <verb>` (see USAGE in ./run.ts).
 * Thin entry: configuration from the environment, Ctrl-C stops following (the job keeps running), and the exit
 * code of the verb.
 */
import { loadConfig } from '../../common/config';
import { installTracing, shutdownTracing } from '../../tracing/process-tracing';
import { createCliContext } from './context';
import type { CliIo } from './io';
import { runCli } from './run';

async function main(): Promise<void> {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort(new Error('interrupted')));
  const code = await runCli(process.argv.slice(2), io, () => {
    const config = loadConfig(process.env);
    // With an OTLP endpoint, the verb's Temporal calls (start, retry, cancel…) export their spans.
    installTracing(config, 'cli');
    return createCliContext(config, io, interrupt.signal);
  });
  await shutdownTracing();
  process.exitCode = code;
}

void main();
