/**
 * Compensation of a provisioning job: undoes every step that was started (its undo was registered before it ran),
 * in reverse order, inside a non-cancellable scope. Each undo is delete-if-present and retried by the compensation
 * profile; one that still fails is recorded as a leak (in the progress and the store) for the orphan scan, and the
 * remaining undos still run.
 */
import { CancellationScope, log } from '@temporalio/workflow';
import type { ProvisioningActivities, TenantRef } from '../activities/contract';
import type { ProvisioningStepName } from './contracts/provision-tenant';
import { describeFailure } from './failures';
import type { ProvisioningTracker } from './provisioning-tracker';
import type { StepDefinition } from './provisioning-steps';

export interface CompensationContext {
  tracker: ProvisioningTracker;
  steps: Record<ProvisioningStepName, StepDefinition>;
  local: Pick<ProvisioningActivities, 'recordLeak'>;
  ref: TenantRef;
}

export async function compensate({ tracker, steps, local, ref }: CompensationContext): Promise<void> {
  await CancellationScope.nonCancellable(async () => {
    for (const name of tracker.startedSteps().reverse()) {
      const undo = steps[name].undo;
      tracker.stepCompensation(name, 'compensating');
      if (!undo) {
        tracker.stepCompensation(name, 'compensated');
        continue;
      }
      try {
        await undo(tracker.resources);
        tracker.stepCompensation(name, 'compensated');
        log.info('step compensated', { step: name });
      } catch (err) {
        const { error } = describeFailure(err, 0);
        tracker.leaked(name, `${error.type}: ${error.message}`);
        log.error('compensation failed; resource reported as a leak', { step: name, error });
        try {
          await local.recordLeak({ ...ref, step: name, resources: { ...tracker.resources }, error: error.message });
        } catch (recordErr) {
          log.error('leak could not be recorded', { step: name, error: String(recordErr) });
        }
      }
    }
  });
}
