/**
 * `resendEmails`: sends a completed job's ready and welcome emails again, e.g. after they failed past the commit
 * point (`progress.notifications: failed` and an operator alert). Started by an admin from the API or the CLI
 * (`resend-emails <jobId>`), or from the Temporal UI.
 *
 * Only for a tenant whose instance is provisioned (`InvalidInput` otherwise). By default it sends the kinds the owner
 * never got; `force` sends them again anyway. Each email is sent at most once per run whatever the activity retries
 * (idempotency key `<this workflow ID>:<run>:<kind>`).
 */
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ProvisioningActivities } from '../activities/contract';
import {
  RESENDABLE_EMAIL_KINDS,
  type ResendEmailsInput,
  type ResendEmailsResult,
  type ResendableEmailKind,
} from './contracts/admin-workflows';
import { adminProfile } from './activity-profiles';
import { FailureType } from './contracts/provision-tenant';

const { getResendContext, sendEmail } = proxyActivities<ProvisioningActivities>(adminProfile);

export async function resendEmails(input: ResendEmailsInput): Promise<ResendEmailsResult> {
  if (typeof input?.jobId !== 'string' || input.jobId === '') {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: 'invalid resendEmails input: jobId: required',
      nonRetryable: true,
      details: [{ fields: ['jobId'] }],
    });
  }
  const kinds = input.kinds && input.kinds.length > 0 ? input.kinds : [...RESENDABLE_EMAIL_KINDS];
  const unknown = kinds.filter((k) => !(RESENDABLE_EMAIL_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: `invalid resendEmails input: kinds: ${unknown.join(', ')} cannot be resent (only ${RESENDABLE_EMAIL_KINDS.join(', ')})`,
      nonRetryable: true,
      details: [{ fields: ['kinds'] }],
    });
  }
  const context = await getResendContext({ jobId: input.jobId });
  const info = workflowInfo();
  const sent: ResendableEmailKind[] = [];
  const skipped: ResendableEmailKind[] = [];
  const data = {
    tenantName: context.tenantName,
    plan: context.plan,
    loginUrl: context.resources.loginUrl ?? null,
    siteUrl: context.resources.siteUrl ?? null,
  };
  for (const kind of kinds) {
    if (!input.force && context.alreadySent.includes(kind)) {
      skipped.push(kind);
      continue;
    }
    await sendEmail({
      tenantId: context.tenantId,
      jobId: context.jobId,
      kind,
      to: context.owner,
      idempotencyKey: `${info.workflowId}:${info.firstExecutionRunId}:${kind}`,
      data,
    });
    sent.push(kind);
  }
  return { jobId: context.jobId, tenantId: context.tenantId, sent, skipped };
}
