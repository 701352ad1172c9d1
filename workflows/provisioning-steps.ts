/**
 * What each provisioning step does and how it is undone. A step reads its inputs from the resources recorded by
 * earlier steps and records its own; undo is delete-if-present and works from the tenant ID alone, so it is safe
 * for a step whose create response was lost. Sandbox-safe: activities are only reached through proxies.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Attempted, ProvisioningActivities, TenantRef } from '../activities/contract';
import {
  FailureType,
  type ProvisionTenantInput,
  type ProvisionedResources,
  type ProvisioningStepName,
} from './contracts/provision-tenant';

export interface StepDefinition {
  name: ProvisioningStepName;
  /** Runs the step's activities and records what they created; resolves to the attempts used. */
  run(resources: ProvisionedResources): Promise<Attempted>;
  /** The compensation, registered before the step runs; absent when another step's undo covers it. */
  undo?: (resources: ProvisionedResources) => Promise<unknown>;
}

export interface StepContext {
  input: ProvisionTenantInput;
  ref: TenantRef;
  /** Unique per job run: the base of every email idempotency key. */
  jobKey: string;
  loginUrl: string;
  provisioning: ProvisioningActivities;
  longRunning: ProvisioningActivities;
  compensation: ProvisioningActivities;
  /** The ready and welcome emails: after the commit point, with their own, longer retry policy. */
  notifications: ProvisioningActivities;
}

export function defineSteps(ctx: StepContext): Record<ProvisioningStepName, StepDefinition> {
  const { input, ref, provisioning: acts, longRunning, compensation } = ctx;
  const owner = { email: input.owner.email, name: input.owner.name };
  const deleteInput = (resources: ProvisionedResources) => ({ ...ref, resources });

  return {
    reserveQuota: {
      name: 'reserveQuota',
      run: () =>
        acts.reserveQuota({
          ...ref,
          name: input.name,
          plan: input.plan,
          ownerEmail: input.owner.email,
          ownerName: input.owner.name,
          requestedBy: input.requestedBy,
          region: input.region,
          reservedBy: ctx.jobKey,
        }),
      // Only this run's reservation of an instance still `provisioning` is released: never a live tenant.
      undo: () => compensation.releaseReservation({ ...ref, status: 'cleaned_up', reservedBy: ctx.jobKey }),
    },
    createWorkosOrganization: {
      name: 'createWorkosOrganization',
      run: async (resources) => {
        const result = await acts.createWorkosOrganization({ ...ref, name: input.name });
        resources.workosOrganizationId = result.organizationId;
        return result;
      },
      undo: (resources) => compensation.deleteWorkosOrganization(deleteInput(resources)),
    },
    createConvexProject: {
      name: 'createConvexProject',
      run: async (resources) => {
        const result = await acts.createConvexProject({ ...ref, region: input.region });
        resources.convexProjectId = result.projectId;
        resources.convexDeploymentName = result.deploymentName;
        resources.convexDeploymentUrl = result.deploymentUrl;
        return result;
      },
      undo: (resources) => compensation.deleteConvexProject(deleteInput(resources)),
    },
    deployConvexBackend: {
      name: 'deployConvexBackend',
      run: async (resources) => {
        // Long-running profile: it heartbeats while it waits for a deploy slot and while `convex deploy` runs.
        const result = await longRunning.deployConvexBackend({
          ...ref,
          deploymentName: required(resources.convexDeploymentName, 'convexDeploymentName'),
          deploymentUrl: required(resources.convexDeploymentUrl, 'convexDeploymentUrl'),
          plan: input.plan,
          workosOrganizationId: required(resources.workosOrganizationId, 'workosOrganizationId'),
        });
        resources.convexDeployKeyName = result.deployKeyName;
        return result;
      },
      // Deleting the Convex project deletes its deployment and keys.
    },
    createPagesProject: {
      name: 'createPagesProject',
      run: async (resources) => {
        const result = await acts.createPagesProject({
          ...ref,
          convexDeploymentUrl: required(resources.convexDeploymentUrl, 'convexDeploymentUrl'),
        });
        resources.pagesProjectName = result.projectName;
        resources.pagesSubdomain = result.subdomain;
        return result;
      },
      undo: (resources) => compensation.deletePagesProject(deleteInput(resources)),
    },
    deployFrontend: {
      name: 'deployFrontend',
      run: async (resources) => {
        const result = await longRunning.deployFrontend({
          ...ref,
          projectName: required(resources.pagesProjectName, 'pagesProjectName'),
        });
        resources.pagesDeploymentId = result.deploymentId;
        resources.siteUrl = result.siteUrl;
        return result;
      },
      // Deleting the Pages project deletes its deployments.
    },
    validateResources: {
      name: 'validateResources',
      run: (resources) => longRunning.validateResources({ ...ref, resources: { ...resources } }),
    },
    activateInstance: {
      name: 'activateInstance',
      run: (resources) => {
        resources.loginUrl = ctx.loginUrl;
        return acts.activateInstance({ ...ref, resources: { ...resources } });
      },
      // The commit point: once it succeeds nothing fails or compensates the job (see provision-tenant.ts).
    },
    sendReadyEmails: {
      name: 'sendReadyEmails',
      run: async (resources) => {
        const data = {
          tenantName: input.name,
          plan: input.plan,
          loginUrl: resources.loginUrl ?? ctx.loginUrl,
          siteUrl: resources.siteUrl ?? null,
        };
        const sent = await Promise.all(
          (['ready', 'welcome'] as const).map((kind) =>
            ctx.notifications.sendEmail({ ...ref, kind, to: owner, idempotencyKey: `${ctx.jobKey}:${kind}`, data }),
          ),
        );
        return { attempt: Math.max(...sent.map((s) => s.attempt)) };
      },
    },
  };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: `internal: resource ${name} is missing before the step that needs it`,
      nonRetryable: true,
    });
  }
  return value;
}
