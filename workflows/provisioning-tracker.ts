/**
 * The provisioning job's state machine, pure and deterministic: step statuses, timings, attempts, resources, the
 * job status and the ETA. The workflow drives it; the `progress` query reads it. Time comes in as arguments
 * (workflow time), so the tracker itself reads no clock.
 */
import {
  PROVISIONING_STAGES,
  PROVISIONING_STEPS,
  type JobFailure,
  type JobStatus,
  type NotificationStatus,
  type ProvisionedResources,
  type ProvisioningProgress,
  type ProvisioningStepName,
  type StepError,
  type StepProgress,
} from './contracts/provision-tenant';

export interface TrackerInit {
  jobId: string;
  tenantId: string;
  startedAt: number;
  maxRetries: number;
  expectedStepDurationsMs?: Partial<Record<ProvisioningStepName, number>>;
  /** Called with the new progress after every change (the workflow mirrors it into the UI's current details). */
  onChange?: (progress: ProvisioningProgress) => void;
}

const TERMINAL: readonly JobStatus[] = ['completed', 'cleaned_up', 'cancelled'];

export class ProvisioningTracker {
  readonly jobId: string;
  readonly tenantId: string;
  status: JobStatus = 'running';
  retryCount = 0;
  maxRetries: number;
  resources: ProvisionedResources = {};
  cleanupAt: number | null = null;
  finishedAt: number | null = null;
  error: (StepError & { step: ProvisioningStepName | null }) | null = null;
  readonly leaks: { step: ProvisioningStepName; error: string }[] = [];
  readonly retries: { requestedBy: string; at: string }[] = [];
  /** Every time the job went `failed`, oldest first (kept across retries). */
  readonly failures: JobFailure[] = [];
  /** Set once the job reaches its notification stage (after the commit point). */
  notifications: NotificationStatus | undefined;
  /** True when an earlier run had provisioned the tenant (see {@link alreadyProvisioned}). */
  private earlierRunProvisioned = false;
  private readonly startedAt: number;
  private readonly steps = new Map<ProvisioningStepName, StepProgress>();
  private expected: Partial<Record<ProvisioningStepName, number>>;
  private etaAt: number | null = null;
  /** The step the job was at when it started to compensate (the current step of a cancelled or cleaned-up job). */
  private stoppedAt: ProvisioningStepName | null = null;
  private readonly onChange: ((progress: ProvisioningProgress) => void) | undefined;

  constructor(init: TrackerInit) {
    this.jobId = init.jobId;
    this.tenantId = init.tenantId;
    this.startedAt = init.startedAt;
    this.maxRetries = init.maxRetries;
    this.expected = init.expectedStepDurationsMs ?? {};
    this.onChange = init.onChange;
    for (const name of PROVISIONING_STEPS) {
      this.steps.set(name, { name, status: 'pending', startedAt: null, finishedAt: null, attempts: 0, error: null });
    }
    this.etaAt = this.estimateCompletion(init.startedAt);
    this.changed();
  }

  /** Settings arrive after the first local activity; they refine the ETA. */
  configure(maxRetries: number, expected: Partial<Record<ProvisioningStepName, number>>, now: number): void {
    this.maxRetries = maxRetries;
    this.expected = expected;
    this.etaAt = this.estimateCompletion(now);
    this.changed();
  }

  step(name: ProvisioningStepName): StepProgress {
    const step = this.steps.get(name);
    if (!step) throw new TypeError(`unknown step ${name}`);
    return step;
  }

  isCompleted(name: ProvisioningStepName): boolean {
    return this.step(name).status === 'completed';
  }

  /** Steps that were started at least once: their compensation is registered, whatever their outcome. */
  startedSteps(): ProvisioningStepName[] {
    return PROVISIONING_STEPS.filter((name) => this.step(name).startedAt !== null);
  }

  stepStarted(name: ProvisioningStepName, now: number): void {
    const step = this.step(name);
    step.status = 'running';
    step.startedAt = new Date(now).toISOString();
    step.finishedAt = null;
    step.error = null;
    step.attempts = 0;
    this.changed();
  }

  stepCompleted(name: ProvisioningStepName, attempts: number, now: number): void {
    const step = this.step(name);
    step.status = 'completed';
    step.finishedAt = new Date(now).toISOString();
    step.attempts = attempts;
    this.etaAt = this.estimateCompletion(now);
    this.changed();
  }

  stepFailed(name: ProvisioningStepName, error: StepError, attempts: number, now: number): void {
    const step = this.step(name);
    step.status = 'failed';
    step.finishedAt = new Date(now).toISOString();
    step.attempts = attempts;
    step.error = error;
    this.changed();
  }

  /** The job failed at `step`; `now` (workflow time) records the failure for the metrics. */
  jobFailed(step: ProvisioningStepName | null, error: StepError, cleanupAt: number, now?: number): void {
    if (now !== undefined) this.failures.push({ step, type: error.type, at: new Date(now).toISOString() });
    this.status = 'failed';
    this.error = { ...error, step };
    this.cleanupAt = cleanupAt;
    this.etaAt = null;
    this.changed();
  }

  /** An admin retry: failed steps go back to pending, completed ones (and their resources) are kept. */
  retried(requestedBy: string, now: number): void {
    this.retryCount += 1;
    this.retries.push({ requestedBy, at: new Date(now).toISOString() });
    this.status = 'running';
    this.error = null;
    this.cleanupAt = null;
    for (const step of this.steps.values()) {
      if (step.status !== 'completed') {
        step.status = 'pending';
        step.error = null;
      }
    }
    this.etaAt = this.estimateCompletion(now);
    this.changed();
  }

  /**
   * The tenant already had a live instance from an earlier run: nothing runs, every step is `skipped`, the existing
   * resources are reported and the job is completed.
   */
  alreadyProvisioned(resources: ProvisionedResources, now: number): void {
    this.earlierRunProvisioned = true;
    this.resources = { ...resources };
    for (const step of this.steps.values()) step.status = 'skipped';
    this.finish('completed', now);
  }

  /** The ready and welcome emails: `pending` when they start, then `sent` or `failed` (the job completes anyway). */
  notificationsChanged(status: NotificationStatus): void {
    this.notifications = status;
    this.changed();
  }

  compensating(): void {
    this.stoppedAt = this.currentStep();
    this.status = 'compensating';
    this.etaAt = null;
    this.changed();
  }

  stepCompensation(name: ProvisioningStepName, status: 'compensating' | 'compensated'): void {
    this.step(name).status = status;
    this.changed();
  }

  leaked(step: ProvisioningStepName, error: string): void {
    this.leaks.push({ step, error });
    this.changed();
  }

  finish(status: Extract<JobStatus, 'completed' | 'cleaned_up' | 'cancelled'>, now: number): void {
    this.status = status;
    this.finishedAt = now;
    this.cleanupAt = null;
    this.etaAt = status === 'completed' ? now : null;
    this.changed();
  }

  isTerminal(): boolean {
    return TERMINAL.includes(this.status);
  }

  /**
   * The running (or compensating) step, else the failed one, else the next pending one. A cancelled or cleaned-up
   * job stays at the step where it stopped, not at a step it never started.
   */
  currentStep(): ProvisioningStepName | null {
    if ((this.status === 'cancelled' || this.status === 'cleaned_up') && this.stoppedAt) return this.stoppedAt;
    const steps = [...this.steps.values()];
    const active =
      steps.find((s) => s.status === 'running' || s.status === 'compensating') ??
      steps.find((s) => s.status === 'failed') ??
      steps.find((s) => s.status === 'pending');
    return active?.name ?? null;
  }

  completedSteps(): number {
    return [...this.steps.values()].filter((s) => s.status === 'completed').length;
  }

  progress(): ProvisioningProgress {
    const totalSteps = PROVISIONING_STEPS.length;
    const completedSteps = this.completedSteps();
    const percent = this.earlierRunProvisioned ? 100 : Math.round((completedSteps / totalSteps) * 100);
    return {
      jobId: this.jobId,
      tenantId: this.tenantId,
      status: this.status,
      currentStep: this.status === 'completed' ? null : this.currentStep(),
      totalSteps,
      completedSteps,
      percent,
      steps: [...this.steps.values()].map((s) => ({ ...s, error: s.error ? { ...s.error } : null })),
      startedAt: new Date(this.startedAt).toISOString(),
      estimatedCompletionAt: this.etaAt === null ? null : new Date(this.etaAt).toISOString(),
      finishedAt: this.finishedAt === null ? null : new Date(this.finishedAt).toISOString(),
      retryCount: this.retryCount,
      maxRetries: this.maxRetries,
      cleanupAt: this.cleanupAt === null ? null : new Date(this.cleanupAt).toISOString(),
      resources: { ...this.resources },
      error: this.error ? { ...this.error } : null,
      leaks: this.leaks.map((l) => ({ ...l })),
      retries: this.retries.map((r) => ({ ...r })),
      ...(this.earlierRunProvisioned ? { alreadyProvisioned: true } : {}),
      ...(this.failures.length > 0 ? { failures: this.failures.map((f) => ({ ...f })) } : {}),
      ...(this.notifications ? { notifications: this.notifications } : {}),
    };
  }

  private changed(): void {
    this.onChange?.(this.progress());
  }

  /**
   * ETA: `now` plus the critical path of what remains, stage by stage (a stage lasts as long as its slowest
   * unfinished step). Steps already running are assumed half done.
   */
  private estimateCompletion(now: number): number {
    let remaining = 0;
    for (const stage of PROVISIONING_STAGES) {
      let stageMs = 0;
      for (const name of stage) {
        const step = this.steps.get(name);
        if (!step || step.status === 'completed') continue;
        const expected = this.expected[name] ?? DEFAULT_STEP_DURATION_MS;
        stageMs = Math.max(stageMs, step.status === 'running' ? expected / 2 : expected);
      }
      remaining += stageMs;
    }
    return now + Math.round(remaining);
  }
}

const DEFAULT_STEP_DURATION_MS = 2_000;
