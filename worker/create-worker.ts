/**
 * The provisioning worker: every workflow in workflows/ (from source, or from a prebuilt bundle) and the activities
 * built by `createActivities(deps)`, polling one task queue.
 */
import { Worker } from '@temporalio/worker';
import type { NativeConnection, WorkerOptions, WorkflowBundleOption } from '@temporalio/worker';
import type { ProvisioningActivities } from '../activities/contract';
import { correlationActivityInterceptors } from './correlation-interceptor';
import { WORKFLOW_INTERCEPTOR_MODULES } from './workflow-bundle';

export interface ProvisioningWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ProvisioningActivities;
  /** A prebuilt workflow bundle (e.g. `{codePath}`); without it the worker bundles workflows/ at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Further worker options (tests: shutdown timing, sticky cache). */
  overrides?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities'>>;
}

/**
 * Creates (does not start) the worker. Bundling workflows/ from source takes a few seconds; the worker lasts until
 * `run()` resolves after `shutdown()` or SIGINT/SIGTERM, and does not close the connection it was given.
 */
export async function createProvisioningWorker(options: ProvisioningWorkerOptions): Promise<Worker> {
  const workflows = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    ...options.overrides,
    ...workflows,
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    interceptors: {
      ...options.overrides?.interceptors,
      workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES, ...(options.overrides?.interceptors?.workflowModules ?? [])],
      activity: [correlationActivityInterceptors, ...(options.overrides?.interceptors?.activity ?? [])],
    },
  });
}
