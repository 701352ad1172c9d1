/**
 * Makes the job's state visible outside the workflow: the contract's search attributes (for the Temporal UI and
 * `temporal workflow list --query`) and the store's job projection (for dashboards), through a local activity.
 * Search attributes are only upserted when they change, to keep the history small.
 */
import { CancellationScope, log, upsertSearchAttributes } from '@temporalio/workflow';
import type { ProvisioningActivities } from '../activities/contract';
import type { ProvisionTenantInput } from './contracts/provision-tenant';
import {
  ProvisioningStatusAttribute,
  ProvisioningStepAttribute,
  TenantIdAttribute,
  TenantPlanAttribute,
} from './contracts/search-attributes';
import type { ProvisioningTracker } from './provisioning-tracker';

export class JobPublisher {
  lastActionBy: string | undefined;
  private published: { status?: string; step?: string; identity?: boolean } = {};

  constructor(
    private readonly tracker: ProvisioningTracker,
    private readonly input: ProvisionTenantInput,
    private readonly local: Pick<ProvisioningActivities, 'recordJobSnapshot'>,
  ) {}

  /** Publishes the current state; never throws (the store is a projection, Temporal stays the source of truth). */
  async publish(): Promise<void> {
    this.upsertAttributes();
    const progress = this.tracker.progress();
    try {
      await CancellationScope.nonCancellable(() =>
        this.local.recordJobSnapshot({
          progress,
          plan: this.input.plan,
          ownerEmail: this.input.owner.email,
          requestedBy: this.input.requestedBy,
          lastActionBy: this.lastActionBy,
        }),
      );
    } catch (err) {
      log.warn('job snapshot not stored', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  private upsertAttributes(): void {
    const status = this.tracker.status;
    const step = this.tracker.currentStep() ?? 'done';
    const updates: Parameters<typeof upsertSearchAttributes>[0] = [];
    if (!this.published.identity) {
      updates.push({ key: TenantIdAttribute, value: this.input.tenantId });
      updates.push({ key: TenantPlanAttribute, value: this.input.plan });
    }
    if (this.published.status !== status) updates.push({ key: ProvisioningStatusAttribute, value: status });
    if (this.published.step !== step) updates.push({ key: ProvisioningStepAttribute, value: step });
    if (updates.length === 0) return;
    upsertSearchAttributes(updates);
    this.published = { status, step, identity: true };
  }
}
