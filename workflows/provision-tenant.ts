/**
 * `provisionTenant`: one tenant's provisioning job (workflow ID `provision-<tenantId>`).
 *
 * Runs the step graph of PROVISIONING_STAGES (independent steps in parallel), recording each step's status,
 * attempts and timings for the `progress` query, the contract's search attributes and the store. Transient
 * failures are retried by the activity retry policy; when a step still fails the job goes `failed`, emails the
 * owner once, and waits for the `retry` signal until the cleanup grace passes; then it compensates every step it
 * started, in reverse order, and fails with `ProvisioningFailed` (status `cleaned_up`). Cancellation compensates at
 * once and ends `cancelled`. After the instance is activated, the job is committed: the final emails run
 * non-cancellable and a completed job is never compensated.
 *
 * Handles: query `progress`, signal `retry` ({requestedBy}). Timeouts and retries come from the worker's settings
 * (local activity `getProvisioningSettings`), so durations stay configuration.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProvisioningActivities } from '../activities/contract';
import { compensationProfile, fastProfile, longRunningProfile, provisioningProfile } from './activity-profiles';
import {
  FailureType,
  PROVISIONING_STAGES,
  progressQuery,
  retrySignal,
  type ProvisionTenantInput,
  type ProvisionTenantResult,
  type ProvisioningStepName,
  type RetryRequest,
} from './contracts/provision-tenant';
import { describeFailure } from './failures';
import { compensate } from './compensation';
import { renderJobDetails } from './job-details';
import { JobPublisher } from './job-publisher';
import { ProvisioningTracker } from './provisioning-tracker';
import { defineSteps, type StepDefinition } from './provisioning-steps';

export async function provisionTenant(rawInput: ProvisionTenantInput): Promise<ProvisionTenantResult> {
  const info = workflowInfo();
  const tracker = new ProvisioningTracker({
    jobId: info.workflowId,
    tenantId: typeof rawInput?.tenantId === 'string' ? rawInput.tenantId : 'invalid',
    startedAt: Date.now(),
    maxRetries: 0,
    onChange: (progress) => setCurrentDetails(renderJobDetails(progress)),
  });
  let retryRequest: RetryRequest | undefined;
  setHandler(progressQuery, () => tracker.progress(), {
    description: 'Live progress: status, every step with its attempts and timings, ETA, resources, error.',
  });
  setHandler(
    retrySignal,
    (request) => {
      if (tracker.status !== 'failed') {
        log.warn('retry signal ignored: the job is not failed', { status: tracker.status });
        return;
      }
      retryRequest = { requestedBy: request?.requestedBy ?? 'unknown' };
    },
    { description: 'Resume a failed job from its failed step. Input: {"requestedBy": "you@example.com"}.' },
  );

  const local = proxyLocalActivities<ProvisioningActivities>(fastProfile);
  const settings = await local.getProvisioningSettings({ input: rawInput }).catch(failOnInvalidInput);
  // Histories recorded before the worker validated the input carry none: the workflow had validated it then.
  const input = settings.input ?? rawInput;
  tracker.configure(settings.retry.maximumAttempts, settings.expectedStepDurationsMs, Date.now());

  const ref = { tenantId: input.tenantId, jobId: info.workflowId };
  const jobKey = `${info.workflowId}:${info.firstExecutionRunId}`;
  const steps = defineSteps({
    input,
    ref,
    jobKey,
    loginUrl: `${settings.loginUrlBase}/${input.tenantId}`,
    provisioning: proxyActivities<ProvisioningActivities>(provisioningProfile(settings)),
    longRunning: proxyActivities<ProvisioningActivities>(longRunningProfile(settings)),
    compensation: proxyActivities<ProvisioningActivities>(compensationProfile(settings)),
  });
  const notify = proxyActivities<ProvisioningActivities>(provisioningProfile(settings));
  const publisher = new JobPublisher(tracker, input, local);
  /** Records a retry or cancel sent from the Temporal UI or `temporal` CLI, with its identity; never fails the job. */
  const auditExternal = async (action: 'job.retry' | 'job.cancel'): Promise<void> => {
    if (!patched(EXTERNAL_AUDIT_PATCH)) return;
    await notify
      .auditExternalAction({ action })
      .catch((err: unknown) => log.warn('external action not audited', { action, error: String(err) }));
  };
  const owner = { email: input.owner.email, name: input.owner.name };

  const runStep = async (step: StepDefinition): Promise<void> => {
    if (tracker.isCompleted(step.name)) return;
    tracker.stepStarted(step.name, Date.now());
    try {
      const { attempt } = await step.run(tracker.resources);
      tracker.stepCompleted(step.name, attempt, Date.now());
    } catch (err) {
      if (!cancelledMeanwhile(err)) {
        const { error, attempts } = describeFailure(err, settings.retry.maximumAttempts);
        tracker.stepFailed(step.name, error, attempts, Date.now());
      }
      throw err;
    }
  };

  /** Runs the remaining stages; a stage waits for all its steps to settle so nothing is left in flight. */
  const runRemainingStages = async (): Promise<void> => {
    for (const stage of PROVISIONING_STAGES) {
      if (stage.every((name) => tracker.isCompleted(name))) continue;
      const committed = stage.includes('sendReadyEmails');
      const runStage = async () => {
        const results = await Promise.allSettled([publisher.publish(), ...stage.map((name) => runStep(steps[name]))]);
        const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failure) throw failure.reason;
      };
      await (committed ? CancellationScope.nonCancellable(runStage) : runStage());
    }
  };

  const started = notify
    .sendEmail({
      ...ref,
      kind: 'started',
      to: owner,
      idempotencyKey: `${jobKey}:started`,
      data: { tenantName: input.name, plan: input.plan, etaIso: tracker.progress().estimatedCompletionAt },
    })
    .catch((err: unknown) => log.warn('started email not sent', { error: describeFailure(err, 0).error }));

  try {
    for (;;) {
      try {
        await runRemainingStages();
        break;
      } catch (err) {
        if (cancelledMeanwhile(err)) throw err;
        const failedStep = tracker.progress().steps.find((s) => s.status === 'failed');
        const { error } = failedStep?.error ? { error: failedStep.error } : describeFailure(err, 0);
        retryRequest = undefined;
        tracker.jobFailed(failedStep?.name ?? null, error, Date.now() + settings.cleanupGraceMs);
        await publisher.publish();
        await notifyFailure(failedStep?.name ?? null, error.message);
        const retried = await condition(() => retryRequest !== undefined, settings.cleanupGraceMs);
        if (!retried) {
          await compensateAndPublish();
          tracker.finish('cleaned_up', Date.now());
          await publisher.publish();
          throw ApplicationFailure.create({
            type: FailureType.ProvisioningFailed,
            message: `provisioning of ${input.tenantId} failed at ${failedStep?.name ?? 'unknown step'} (${error.type}: ${error.message}); no retry within the grace period, resources cleaned up`,
            nonRetryable: true,
            details: [{ status: 'cleaned_up', failedStep: failedStep?.name ?? null, error }],
          });
        }
        // The signal handler set it while we waited (TypeScript cannot see that through the closure).
        const requestedBy = (retryRequest as RetryRequest | undefined)?.requestedBy ?? 'unknown';
        tracker.retried(requestedBy, Date.now());
        publisher.lastActionBy = requestedBy;
        await auditExternal('job.retry');
        log.info('retrying provisioning', { retryCount: tracker.retryCount, requestedBy: publisher.lastActionBy });
      }
    }
  } catch (err) {
    if (!cancelledMeanwhile(err)) throw err;
    await CancellationScope.nonCancellable(async () => {
      await compensateAndPublish();
      await auditExternal('job.cancel');
      tracker.finish('cancelled', Date.now());
      await publisher.publish();
    });
    // Ends the workflow as cancelled (not failed) also when the step's own failure arrived after the request.
    throw isCancellation(err)
      ? err
      : new CancelledFailure('provisioning cancelled', [], err instanceof Error ? err : undefined);
  }

  // Committed: a cancel request that arrived during the last stage must not turn a provisioned tenant into a
  // cancelled workflow (a wait in a cancelled scope would reject at once).
  await CancellationScope.nonCancellable(async () => {
    await started;
    tracker.finish('completed', Date.now());
    await publisher.publish();
    await condition(allHandlersFinished);
  });
  return {
    jobId: info.workflowId,
    tenantId: input.tenantId,
    status: 'completed',
    resources: tracker.resources,
    retryCount: tracker.retryCount,
  };

  async function compensateAndPublish(): Promise<void> {
    tracker.compensating();
    await publisher.publish();
    await compensate({ tracker, steps, local, ref });
  }

  async function notifyFailure(step: ProvisioningStepName | null, message: string): Promise<void> {
    try {
      await notify.sendEmail({
        ...ref,
        kind: 'failed',
        to: owner,
        idempotencyKey: `${jobKey}:failed`,
        data: { tenantName: input.name, failedStep: step, errorMessage: message, supportUrl: settings.supportUrl },
      });
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('failure email not sent', { error: describeFailure(err, 0).error });
    }
  }
}

/** Patch ID of the audit of retries and cancels sent around the API (histories recorded before it replay without). */
export const EXTERNAL_AUDIT_PATCH = 'audit-external-actions';

/** Patch ID of "a cancel request wins over a step failure" (histories recorded before it replay the old path). */
export const CANCELLATION_WINS_PATCH = 'cancellation-wins-over-step-failure';

/**
 * True when `err` is a cancellation, or when the job was cancelled while the step failed for another reason:
 * activities that do not heartbeat never hear of a cancel request, so the attempt in flight runs to its end and
 * the server reports that attempt's own failure (retry state CANCEL_REQUESTED) instead of a cancellation. The
 * admin asked to cancel, so the job compensates and ends `cancelled`; it never shows `failed` on the way nor emails
 * the owner a failure. Call it from the root scope (a non-cancellable scope is never considered cancelled).
 */
function cancelledMeanwhile(err: unknown): boolean {
  if (isCancellation(err)) return true;
  return CancellationScope.current().consideredCancelled && patched(CANCELLATION_WINS_PATCH);
}

/**
 * The worker validates the input (getProvisioningSettings, with the contract's zod schema): a job started from the
 * Temporal UI or CLI with bad input fails at once with `InvalidInput`, naming every bad field.
 */
function failOnInvalidInput(err: unknown): never {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === FailureType.InvalidInput) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: cause.message,
      nonRetryable: true,
      details: cause.details ?? [],
    });
  }
  throw err;
}
