/**
 * Workflow interceptors (registered in the bundle by worker/workflow-bundle.ts): the job's correlation ID is read
 * once from the start's `correlation-id` header (or, for a job started from the Temporal UI or CLI, made from its
 * first run's ID), put on every log line of the workflow (`log` from @temporalio/workflow, replay-safe) with the job
 * and tenant, and passed in the header of every activity, child workflow and continue-as-new. A signal's own header
 * (the ID of the admin's retry request) is logged as `requestCorrelationId` on the lines that follow it.
 *
 * Headers are read, never written into commands the workflow did not already issue: histories recorded before this
 * interceptor replay unchanged. State lives in the factory's closure: one per workflow execution.
 */
import {
  defaultPayloadConverter,
  workflowInfo,
  type Headers,
  type WorkflowInterceptors,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { CORRELATION_HEADER, fallbackCorrelationId } from '../contracts/correlation';
import { tenantIdFromJobId } from '../contracts/provision-tenant';

function headerValue(headers: Headers): string | undefined {
  const payload = headers[CORRELATION_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export const interceptors: WorkflowInterceptorsFactory = (): WorkflowInterceptors => {
  let correlationId: string | undefined;
  let requestCorrelationId: string | undefined;
  const jobCorrelationId = (): string => {
    correlationId ??= fallbackCorrelationId(workflowInfo().firstExecutionRunId);
    return correlationId;
  };
  const withHeader = (headers: Headers): Headers => ({
    ...headers,
    [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(jobCorrelationId()),
  });
  return {
    inbound: [
      {
        async execute(input, next) {
          correlationId = headerValue(input.headers) ?? correlationId;
          return next(input);
        },
        async handleSignal(input, next) {
          requestCorrelationId = headerValue(input.headers) ?? requestCorrelationId;
          return next(input);
        },
      },
    ],
    outbound: [
      {
        async scheduleActivity(input, next) {
          return next({ ...input, headers: withHeader(input.headers) });
        },
        async scheduleLocalActivity(input, next) {
          return next({ ...input, headers: withHeader(input.headers) });
        },
        async startChildWorkflowExecution(input, next) {
          return next({ ...input, headers: withHeader(input.headers) });
        },
        async continueAsNew(input, next) {
          return next({ ...input, headers: withHeader(input.headers) });
        },
        getLogAttributes(input, next) {
          const { workflowId } = workflowInfo();
          const tenantId = tenantIdFromJobId(workflowId);
          return next({
            ...input,
            correlationId: jobCorrelationId(),
            jobId: workflowId,
            ...(tenantId ? { tenantId } : {}),
            ...(requestCorrelationId ? { requestCorrelationId } : {}),
          });
        },
      },
    ],
  };
};
