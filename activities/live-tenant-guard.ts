/**
 * The last line of defence of a live tenant: a compensation (a provider delete registered by a provisioning run)
 * never deletes the resources of a tenant whose instance is provisioned (active, degraded or down), whichever run
 * asks. Such a run did not create them: the tenant's job completed earlier, or the tenant was adopted by name.
 */
import type { DeleteResourceInput, DeleteResourceResult } from './contract';
import type { ActivityDeps } from './deps';
import { isProvisioned } from './store-activities';

type DeleteActivity = (input: DeleteResourceInput) => Promise<DeleteResourceResult>;

/** Wraps a delete activity: for a provisioned tenant it deletes nothing and answers `{deleted: false, existed: true}`. */
export function guardedDelete(deps: ActivityDeps, name: string, remove: DeleteActivity): DeleteActivity {
  return async (input) => {
    const instance = await deps.store.getInstance(input.tenantId);
    if (isProvisioned(instance)) {
      deps.logger.warn('delete refused: the tenant is live', {
        activity: name,
        tenantId: input.tenantId,
        jobId: input.jobId,
        instanceStatus: instance.status,
        provisionedBy: instance.jobId,
      });
      return { deleted: false, existed: true };
    }
    return remove(input);
  };
}
