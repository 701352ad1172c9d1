/**
 * `createActivities(deps)`: every activity the workflows call, bound to injected clients (CONVENTIONS 4). The
 * worker registers the returned object; tests build it against the sandbox. Signatures: ./contract.ts.
 */
import type { HealthActivities, ProvisioningActivities } from './contract';
import { createConvexProject, deleteConvexProject, deployConvexBackend } from './convex';
import { createPagesProject, deletePagesProject } from './cloudflare';
import type { ActivityDeps } from './deps';
import { sendEmail } from './email';
import { cleanupOrphan, listOrphansForCleanup, scanOrphans } from './orphans';
import { guardedDelete } from './live-tenant-guard';
import { raiseOperatorAlert } from './operator-alerts';
import { getResendContext } from './resend-emails';
import { auditExternalAction } from './external-audit';
import { deliverHealthAlerts } from './health-alerts';
import { completeHealthSweep, createCheckHealthBatch, planHealthSweep } from './health-sweep';
import { deployFrontend } from './pages-deployment';
import {
  activateInstance,
  getProvisioningSettings,
  recordJobSnapshot,
  recordLeak,
  releaseReservation,
  reserveQuota,
} from './store-activities';
import { validateResources } from './validation';
import { createLearntStepDurations } from './learnt-step-durations';
import { createWorkosOrganization, deleteWorkosOrganization } from './workos';

/**
 * Binds every activity to `deps`. Their only state of their own is the cache of learnt step durations and the
 * health sweeps' Pages snapshots.
 */
export function createActivities(deps: ActivityDeps): ProvisioningActivities & HealthActivities {
  const learntStepDurations = createLearntStepDurations(deps);
  const checkHealthBatch = createCheckHealthBatch(deps);
  return {
    getProvisioningSettings: (input) => getProvisioningSettings(deps, input, learntStepDurations),
    recordJobSnapshot: (input) => recordJobSnapshot(deps, input),
    reserveQuota: (input) => reserveQuota(deps, input),
    releaseReservation: (input) => releaseReservation(deps, input),
    createWorkosOrganization: (input) => createWorkosOrganization(deps, input),
    deleteWorkosOrganization: guardedDelete(deps, 'deleteWorkosOrganization', (input) =>
      deleteWorkosOrganization(deps, input),
    ),
    createConvexProject: (input) => createConvexProject(deps, input),
    deleteConvexProject: guardedDelete(deps, 'deleteConvexProject', (input) => deleteConvexProject(deps, input)),
    deployConvexBackend: (input) => deployConvexBackend(deps, input),
    createPagesProject: (input) => createPagesProject(deps, input),
    deletePagesProject: guardedDelete(deps, 'deletePagesProject', (input) => deletePagesProject(deps, input)),
    deployFrontend: (input) => deployFrontend(deps, input),
    validateResources: (input) => validateResources(deps, input),
    activateInstance: (input) => activateInstance(deps, input),
    sendEmail: (input) => sendEmail(deps, input),
    recordLeak: (input) => recordLeak(deps, input),
    scanOrphans: (input) => scanOrphans(deps, input),
    raiseOperatorAlert: (input) => raiseOperatorAlert(deps, input),
    getResendContext: (input) => getResendContext(deps, input),
    listOrphansForCleanup: (input) => listOrphansForCleanup(deps, input),
    cleanupOrphan: (input) => cleanupOrphan(deps, input),
    auditExternalAction: (input) => auditExternalAction(deps, input),
    planHealthSweep: (input) => planHealthSweep(deps, input),
    checkHealthBatch,
    deliverHealthAlerts: (input) => deliverHealthAlerts(deps, input),
    completeHealthSweep: (input) => completeHealthSweep(deps, input),
  };
}

export type { ActivityDeps, JobLookup, ProviderClients } from './deps';
export { checkResources } from './validation';
export { raiseSweepMissingAlert } from './health-alerts';
