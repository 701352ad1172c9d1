/** Helpers shared by the workflow tests: unique tenants, progress polling, inventory filtering. */
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { SandboxInventory } from '../helpers/sandbox-control';
import {
  progressQuery,
  type JobStatus,
  type ProvisionTenantInput,
  type ProvisioningProgress,
} from '../../workflows/contracts/provision-tenant';

/** A tenant ID no other test (or earlier run against the same server) uses. */
export function uniqueTenantId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function tenantInput(tenantId: string, overrides: Partial<ProvisionTenantInput> = {}): ProvisionTenantInput {
  return {
    tenantId,
    name: `Tenant ${tenantId}`,
    plan: 'pro',
    owner: { email: `owner+${tenantId}@example.com`, name: 'Olive Owner' },
    requestedBy: 'brain-tests',
    ...overrides,
  };
}

/** Polls the `progress` query until `predicate` holds; returns the matching progress. */
export async function waitForProgress(
  handle: WorkflowHandle,
  predicate: (p: ProvisioningProgress) => boolean,
  timeoutMs = 60_000,
): Promise<ProvisioningProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: ProvisioningProgress | undefined;
  while (Date.now() < deadline) {
    try {
      last = await handle.query(progressQuery);
      if (predicate(last)) return last;
    } catch (err) {
      // The first workflow task may not have run yet: the query has no handler until then.
      if (!/not registered|did not register|no handler|Workflow task/i.test(String(err))) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for progress; last seen: ${JSON.stringify(last)}`);
}

export function waitForStatus(handle: WorkflowHandle, status: JobStatus, timeoutMs?: number) {
  return waitForProgress(handle, (p) => p.status === status, timeoutMs);
}

/** The tenant's live resources in the sandbox inventory, by provider. */
export function resourcesOf(inventory: SandboxInventory, tenantId: string) {
  const name = `tenant-${tenantId}`;
  return {
    convexProjects: inventory.convex.projects.filter((p) => p.name === name),
    workosOrganizations: inventory.workos.organizations.filter((o) => o.external_id === name),
    pagesProjects: inventory.cloudflare.projects.filter((p) => p.name === name),
  };
}

export function emailsTo(inventory: SandboxInventory, tenantId: string) {
  return inventory.sendgrid.emails.filter((e) => e.to.includes(`owner+${tenantId}@example.com`));
}

export interface WorkflowFailure {
  name: string;
  message: string;
  cause?: { name: string; message: string; type?: string };
}

/** The error `handle.result()` rejects with; throws when the workflow completed instead. */
export async function failureOf(handle: WorkflowHandle): Promise<WorkflowFailure> {
  try {
    await handle.result();
  } catch (err) {
    return err as WorkflowFailure;
  }
  throw new Error(`expected ${handle.workflowId} to fail, but it completed`);
}

/** Awaits a job that was cancelled: it must end as a cancelled workflow with status `cancelled`; returns its progress. */
export async function expectCancelled(handle: WorkflowHandle): Promise<ProvisioningProgress> {
  const failure = await failureOf(handle);
  expect(failure.name).toBe('WorkflowFailedError');
  expect(failure.cause?.name).toBe('CancelledFailure');
  const progress = await handle.query(progressQuery);
  expect(progress.status).toBe('cancelled');
  return progress;
}
