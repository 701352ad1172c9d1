import { JobNotFoundError, ProgressUnavailableError } from '../../../client/lib/errors';
import { isSettled, pollUntilSettled } from '../../../client/lib/wait-for-completion';
import type { ProvisioningProgress } from '../../../workflows/contracts/provision-tenant';
import { progressFixture } from './progress-fixture';

/** A getProgress that answers from a script: a progress, or an error to throw. */
function scripted(answers: (ProvisioningProgress | Error)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    getProgress: async (): Promise<ProvisioningProgress> => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      if (!answer) throw new Error('empty script');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const noSleep = { sleep: async (): Promise<void> => undefined };

describe('isSettled', () => {
  it('treats failed as settled unless asked to wait for the workflow to end', () => {
    expect(isSettled('completed')).toBe(true);
    expect(isSettled('cleaned_up')).toBe(true);
    expect(isSettled('cancelled')).toBe(true);
    expect(isSettled('failed')).toBe(true);
    expect(isSettled('failed', false)).toBe(false);
    expect(isSettled('running')).toBe(false);
    expect(isSettled('compensating')).toBe(false);
  });
});

describe('pollUntilSettled', () => {
  it('reports every poll and resolves with the settled progress', async () => {
    const script = scripted([
      progressFixture({}, 1),
      progressFixture({}, 4),
      progressFixture({ status: 'completed', currentStep: null }, 9),
    ]);
    const seen: number[] = [];
    const settled = await pollUntilSettled({ ...script, ...noSleep }, 'provision-acme', (p) =>
      seen.push(p.completedSteps),
    );
    expect(settled.status).toBe('completed');
    expect(seen).toEqual([1, 4, 9]);
  });

  it('keeps polling through unanswered queries', async () => {
    const unavailable = new ProgressUnavailableError('provision-acme', { cause: new Error('no poller') });
    const script = scripted([unavailable, unavailable, progressFixture({ status: 'failed' })]);
    const settled = await pollUntilSettled({ ...script, ...noSleep }, 'provision-acme', () => undefined);
    expect(settled.status).toBe('failed');
    expect(script.calls).toBe(3);
  });

  it('waits past failed when stopOnFailed is false', async () => {
    const script = scripted([progressFixture({ status: 'failed' }), progressFixture({ status: 'cleaned_up' })]);
    const settled = await pollUntilSettled({ ...script, ...noSleep }, 'provision-acme', () => undefined, {
      stopOnFailed: false,
    });
    expect(settled.status).toBe('cleaned_up');
  });

  it('rejects at once for an unknown job', async () => {
    const script = scripted([new JobNotFoundError('provision-nope')]);
    await expect(pollUntilSettled({ ...script, ...noSleep }, 'provision-nope', () => undefined)).rejects.toMatchObject({
      code: 'job_not_found',
    });
    expect(script.calls).toBe(1);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const script = scripted([progressFixture()]);
    const sleep = async (): Promise<void> => controller.abort(new Error('interrupted'));
    await expect(
      pollUntilSettled({ ...script, sleep }, 'provision-acme', () => undefined, { signal: controller.signal }),
    ).rejects.toThrow('interrupted');
  });
});
