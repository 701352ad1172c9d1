/**
 * The CLI's dispatch and exit codes, with a context whose Temporal/store access fails loudly: these paths must be
 * decided before anything is connected. Following a real job is covered end to end in tests/client/.
 */
import { createCliContext, type CliContext } from '../../../client/cli/context';
import { runCli } from '../../../client/cli/run';
import { JobNotFoundError } from '../../../client/lib/errors';
import { loadConfig } from '../../../common/config';
import { silentLogger } from '../../../common/logging';

function harness(provisioning: CliContext['provisioning'] = unreachable) {
  const out: string[] = [];
  const err: string[] = [];
  let closed = 0;
  const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
  const ctx: CliContext = {
    io,
    correlationId: 'cli-test',
    logger: silentLogger,
    config: loadConfig({}),
    now: () => 0,
    signal: new AbortController().signal,
    pollIntervalMs: 1,
    temporal: unreachable,
    provisioning,
    store: unreachable,
    close: async () => {
      closed += 1;
    },
  };
  return {
    run: (argv: string[]) => runCli(argv, io, () => ctx),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    closed: () => closed,
  };
}

async function unreachable(): Promise<never> {
  throw new Error('this command must not connect to anything');
}

describe('runCli', () => {
  it('prints the usage and exits 2 without a verb or with an unknown one', async () => {
    const cli = harness();
    expect(await cli.run([])).toBe(2);
    expect(cli.stderr()).toContain('Usage: npm run cli -- <verb>');
    expect(await cli.run(['deploy'])).toBe(2);
    expect(cli.stderr()).toContain('unknown verb: deploy');
  });

  it('prints the usage on stdout and exits 0 for help', async () => {
    const cli = harness();
    expect(await cli.run(['help'])).toBe(0);
    expect(cli.stdout()).toContain('orphans cleanup');
  });

  it('exits 2 naming the flags of invalid provision input, without connecting', async () => {
    const cli = harness();
    const code = await cli.run(['provision', '--tenant-id', 'Bad_Id', '--name', 'Acme', '--plan', 'pro']);
    expect(code).toBe(2);
    expect(cli.stderr()).toMatch(/--tenant-id \(tenantId\): must be a lowercase slug/);
    expect(cli.stderr()).toMatch(/--owner-email \(owner\.email\)/);
    expect(cli.closed()).toBe(1);
  });

  it('exits 2 for an unknown flag or a missing argument', async () => {
    const cli = harness();
    expect(await cli.run(['status'])).toBe(2);
    expect(cli.stderr()).toContain('missing argument <jobId>');
    expect(await cli.run(['list', '--colour', 'red'])).toBe(2);
    expect(cli.stderr()).toContain("Unknown option '--colour'");
    expect(await cli.run(['orphans', 'purge'])).toBe(2);
    expect(cli.stderr()).toContain('unknown orphans action: purge');
  });

  it('exits 1 with the error code for a failed command', async () => {
    const cli = harness(async () => {
      const fail = async (): Promise<never> => {
        throw new JobNotFoundError('provision-nope');
      };
      return {
        startProvisioning: fail,
        getProgress: fail,
        retry: fail,
        cancel: fail,
        list: fail,
        waitForCompletion: fail,
      };
    });
    expect(await cli.run(['status', 'provision-nope'])).toBe(1);
    expect(cli.stderr()).toBe('error (job_not_found): No provisioning job "provision-nope"\n');
  });

  it('exits 2 with the problems of an invalid configuration', async () => {
    const errors: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => errors.push(t) } };
    const signal = new AbortController().signal;
    const code = await runCli(['list'], io, () => createCliContext(loadConfig({ API_PORT: 'x' }), io, signal));
    expect(code).toBe(2);
    expect(errors.join('')).toContain('API_PORT');
  });
});
