/**
 * `provisionTenant`: one tenant's provisioning job (workflow ID `provision-<tenantId>`, and no other: a run under
 * another ID fails at once with `InvalidInput` naming `workflowId`, so every run of a tenant shares one ID and
 * Temporal never runs two at once).
 *
 * A run for a tenant that already has a live instance (from an earlier run) completes at once as already provisioned:
 * every step `skipped`, the existing resources returned, no email, nothing created or compensated.
 *
 * Otherwise it runs the step graph of PROVISIONING_STAGES (independent steps in parallel), recording each step's
 * status, attempts and timings for the `progress` query, the contract's search attributes and the store. Transient
 * failures are retried by the activity retry policy; when a step still fails the job goes `failed`, emails the owner
 * (once per failure), and waits for the `retry` signal until the cleanup grace passes; then it compensates every step
 * it started, in reverse order, and fails with `ProvisioningFailed` (status `cleaned_up`). Cancellation compensates
 * at once and ends `cancelled`. Compensation touches only what this run created: its own reservation of an instance
 * still `provisioning`.
 *
 * The commit point is `activateInstance`: once it succeeds nothing fails or compensates the job. The ready and
 * welcome emails then run non-cancellable on their own, longer retry policy; if they still fail the job completes
 * with `notifications: failed` in its progress and raises an operator alert (resend with `resend-emails`).
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
import {
  compensationProfile,
  fastProfile,
  longRunningProfile,
  notificationProfile,
  provisioningProfile,
} from './activity-profiles';
import {
  FailureType,
  PROVISIONING_STAGES,
  progressQuery,
  provisionWorkflowId,
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
  requireOwnWorkflowId(info.workflowId, input.tenantId);
  tracker.configure(settings.retry.maximumAttempts, settings.expectedStepDurationsMs, Date.now());

  const ref = { tenantId: input.tenantId, jobId: info.workflowId };
  const jobKey = `${info.workflowId}:${info.firstExecutionRunId}`;
  const publisher = new JobPublisher(tracker, input, local);

  if (settings.liveInstance) {
    // One owner per tenant: the run that provisioned it. This one changes nothing and sends nothing.
    tracker.alreadyProvisioned(settings.liveInstance.resources, Date.now());
    await publisher.publish(); // the store keeps the provisioning run's record (it ignores another run's snapshot)
    log.info('tenant already provisioned by an earlier run; nothing to do', {
      tenantId: input.tenantId,
      provisionedBy: settings.liveInstance.jobId,
      instanceStatus: settings.liveInstance.status,
    });
    return {
      jobId: info.workflowId,
      tenantId: input.tenantId,
      status: 'completed',
      resources: tracker.resources,
      retryCount: 0,
      alreadyProvisioned: true,
    };
  }
  const steps = defineSteps({
    input,
    ref,
    jobKey,
    loginUrl: `${settings.loginUrlBase}/${input.tenantId}`,
    provisioning: proxyActivities<ProvisioningActivities>(provisioningProfile(settings)),
    longRunning: proxyActivities<ProvisioningActivities>(longRunningProfile(settings)),
    compensation: proxyActivities<ProvisioningActivities>(compensationProfile(settings)),
    notifications: proxyActivities<ProvisioningActivities>(notificationProfile(settings)),
  });
  const notify = proxyActivities<ProvisioningActivities>(provisioningProfile(settings));
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
    const startedAt = Date.now();
    tracker.stepStarted(step.name, startedAt);
    // Replay-safe log lines (not written while replaying), with the job's correlation ID (workflows/interceptors/).
    log.info('step started', { step: step.name });
    try {
      const { attempt } = await step.run(tracker.resources);
      tracker.stepCompleted(step.name, attempt, Date.now());
      log.info('step completed', { step: step.name, attempts: attempt, durationMs: Date.now() - startedAt });
    } catch (err) {
      if (!cancelledMeanwhile(err)) {
        const { error, attempts } = describeFailure(err, settings.retry.maximumAttempts);
        tracker.stepFailed(step.name, error, attempts, Date.now());
        log.warn('step failed', {
          step: step.name,
          attempts,
          failureType: error.type,
          durationMs: Date.now() - startedAt,
        });
      }
      throw err;
    }
  };

  /**
   * The ready and welcome emails, after the commit point: a failure (after their own retries) never fails the job.
   * It is shown in `progress.notifications`, and an operator alert is raised so someone resends them.
   */
  const runNotifications = async (step: StepDefinition): Promise<void> => {
    tracker.notificationsChanged('pending');
    try {
      await runStep(step);
      tracker.notificationsChanged('sent');
    } catch (err) {
      const { error } = describeFailure(err, 0);
      tracker.notificationsChanged('failed');
      log.error('ready and welcome emails not sent; the tenant is live and the job completes', { error });
      try {
        await notify.raiseOperatorAlert({
          ...ref,
          kind: 'notifications_failed',
          message: `ready/welcome emails to the owner failed after their retries: ${error.type}: ${error.message}`,
          idempotencyKey: `${jobKey}:notifications_failed:${tracker.retryCount}`,
        });
      } catch (alertErr) {
        log.error('operator alert not raised', { error: describeFailure(alertErr, 0).error });
      }
    }
  };

  /** Runs the remaining stages; a stage waits for all its steps to settle so nothing is left in flight. */
  const runRemainingStages = async (): Promise<void> => {
    for (const stage of PROVISIONING_STAGES) {
      if (stage.every((name) => tracker.isCompleted(name))) continue;
      const committed = stage.includes('sendReadyEmails');
      const runStage = async () => {
        const run = (name: ProvisioningStepName) => (committed ? runNotifications(steps[name]) : runStep(steps[name]));
        const results = await Promise.allSettled([publisher.publish(), ...stage.map(run)]);
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
        tracker.jobFailed(failedStep?.name ?? null, error, Date.now() + settings.cleanupGraceMs, Date.now());
        await publisher.publish();
        await notifyFailure(failedStep?.name ?? null);
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
    log.info('cancellation requested: compensating what this run created');
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
    ...(tracker.notifications ? { notifications: tracker.notifications } : {}),
  };

  async function compensateAndPublish(): Promise<void> {
    tracker.compensating();
    await publisher.publish();
    await compensate({ tracker, steps, local, ref });
  }

  /**
   * Emails the owner about this failure: once per failure (a job that fails again after an admin retry emails again),
   * never twice for the same one. The email says what failed in plain words; provider messages stay in `progress`.
   */
  async function notifyFailure(step: ProvisioningStepName | null): Promise<void> {
    const failureKey = tracker.retryCount === 0 ? `${jobKey}:failed` : `${jobKey}:failed:${tracker.retryCount}`;
    try {
      await notify.sendEmail({
        ...ref,
        kind: 'failed',
        to: owner,
        idempotencyKey: failureKey,
        data: {
          tenantName: input.name,
          failedStep: step,
          jobReference: info.workflowId,
          supportUrl: settings.supportUrl,
        },
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
 * One owner per tenant: the job of tenant `t` runs under workflow ID `provision-t` only, so Temporal never runs two
 * jobs of a tenant at once (a run started under another ID from the UI or CLI fails here before touching anything).
 */
function requireOwnWorkflowId(workflowId: string, tenantId: string): void {
  const expected = provisionWorkflowId(tenantId);
  if (workflowId === expected) return;
  throw ApplicationFailure.create({
    type: FailureType.InvalidInput,
    message: `invalid provisionTenant input: workflowId: must be "${expected}" for tenant ${tenantId}, got "${workflowId}"`,
    nonRetryable: true,
    details: [{ fields: ['workflowId'] }],
  });
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
