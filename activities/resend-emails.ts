/**
 * What the `resendEmails` workflow needs to send a completed job's ready and welcome emails again: the tenant, its
 * owner and resources from the store, and which kinds were already sent. Only for a provisioned tenant: a job that
 * never activated its instance has nothing to announce.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureType, tenantIdFromJobId } from '../workflows/contracts/provision-tenant';
import type { EmailKind, ResendContext, ResendContextInput } from './contract';
import type { ActivityDeps } from './deps';
import { ResendContextInputSchema } from './input-schemas';
import { parseInput, runActivity } from './provider-call';
import { isProvisioned } from './store-activities';

export async function getResendContext(deps: ActivityDeps, rawInput: ResendContextInput): Promise<ResendContext> {
  const input = parseInput(ResendContextInputSchema, rawInput, 'getResendContext');
  return runActivity(deps, 'getResendContext', async () => {
    const tenantId = tenantIdFromJobId(input.jobId);
    const instance = tenantId ? await deps.store.getInstance(tenantId) : undefined;
    if (!tenantId || !isProvisioned(instance)) {
      throw ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `jobId: ${input.jobId} has no provisioned instance (status ${instance?.status ?? 'none'}); only a completed job's emails can be resent`,
        nonRetryable: true,
        details: [{ fields: ['jobId'] }],
      });
    }
    const sent = await deps.store.listEmails({ tenantId });
    const alreadySent = [...new Set(sent.filter((e) => e.state === 'sent').map((e) => e.kind))] as EmailKind[];
    return {
      tenantId,
      jobId: input.jobId,
      tenantName: instance.name,
      plan: instance.plan,
      owner: { email: instance.ownerEmail, name: instance.ownerName },
      resources: instance.resources,
      alreadySent,
    };
  });
}
