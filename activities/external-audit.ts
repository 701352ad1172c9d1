/**
 * Audit of what reached a job without going through the API or the CLI: a `retry` signal or a cancellation sent from
 * the Temporal UI or the `temporal` CLI. The workflow calls `auditExternalAction` when it acts on one; the activity
 * reads the job's history through the worker's Temporal client and records the caller identity the server put in the
 * latest WorkflowExecutionSignaled (`retry`) or WorkflowExecutionCancelRequested event. Actions sent by this
 * project's own clients (identity `tenant-orchestrator…`, see client/connect.ts) were audited where they were sent.
 * Idempotent: an entry already recorded for the same history event is not written again.
 */
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { nowOf, runActivity } from './provider-call';
import { sourceOfIdentity } from './identity-source';

/** temporal.api.enums.v1.EventType values (@temporalio/proto is not a direct dependency). */
const CANCEL_REQUESTED_EVENT = 20; // EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED
const SIGNALED_EVENT = 26; // EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED

export interface AuditExternalActionInput {
  action: 'job.retry' | 'job.cancel';
}

export interface AuditExternalActionResult {
  /** False when the action came from this project's own clients, or was already recorded. */
  recorded: boolean;
  identity: string | null;
}

export async function auditExternalAction(
  deps: ActivityDeps,
  input: AuditExternalActionInput,
): Promise<AuditExternalActionResult> {
  return runActivity(deps, 'auditExternalAction', async () => {
    const context = Context.current();
    const execution = context.info.workflowExecution;
    if (!execution) return { recorded: false, identity: null };
    const { workflowId, runId } = execution;
    const history = await context.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const wanted = input.action === 'job.retry' ? SIGNALED_EVENT : CANCEL_REQUESTED_EVENT;
    const event = [...(history.events ?? [])]
      .reverse()
      .find(
        (e) =>
          e.eventType === wanted &&
          (input.action !== 'job.retry' || e.workflowExecutionSignaledEventAttributes?.signalName === 'retry'),
      );
    if (!event) return { recorded: false, identity: null };
    const identity =
      (input.action === 'job.retry'
        ? event.workflowExecutionSignaledEventAttributes?.identity
        : event.workflowExecutionCancelRequestedEventAttributes?.identity) ?? '';
    const source = sourceOfIdentity(identity);
    if (source === undefined) return { recorded: false, identity };
    const eventId = String(event.eventId ?? '');
    const earlier = await deps.store.listAudit({ target: workflowId, action: input.action });
    if (earlier.some((entry) => entry.detail.eventId === eventId && entry.detail.runId === runId)) {
      return { recorded: false, identity };
    }
    await deps.store.appendAudit({
      at: nowOf(deps).toISOString(),
      actor: identity || 'unknown',
      source,
      action: input.action,
      target: workflowId,
      outcome: 'ok',
      detail: { eventId, runId },
    });
    return { recorded: true, identity };
  });
}
