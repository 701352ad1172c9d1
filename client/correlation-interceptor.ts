/**
 * The Temporal client interceptor of the API and the CLI: every workflow start and every signal carries the current
 * correlation ID (common/correlation.ts) in the Temporal header `correlation-id`, and a start also writes it into the
 * job's memo, where the Temporal UI shows it. Work started with no correlation ID in scope gets a new one.
 *
 * Temporal's cancel request carries no header: a cancel's own ID is in the log line of the API request or CLI
 * command that sent it, and the job's lines after the cancel keep the ID the job was started with.
 */
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { currentCorrelationId } from '../common/correlation';
import { CORRELATION_HEADER, CORRELATION_MEMO_FIELD } from '../workflows/contracts/correlation';

function withCorrelationHeader(headers: Headers, correlationId: string): Headers {
  return { ...headers, [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(correlationId) };
}

export function correlationClientInterceptor(): WorkflowClientInterceptor {
  return {
    async start(input, next) {
      const correlationId = currentCorrelationId() ?? randomUUID();
      return next({
        ...input,
        headers: withCorrelationHeader(input.headers, correlationId),
        options: { ...input.options, memo: { ...input.options.memo, [CORRELATION_MEMO_FIELD]: correlationId } },
      });
    },
    async signal(input, next) {
      return next({ ...input, headers: withCorrelationHeader(input.headers, currentCorrelationId() ?? randomUUID()) });
    },
    async signalWithStart(input, next) {
      const correlationId = currentCorrelationId() ?? randomUUID();
      return next({
        ...input,
        headers: withCorrelationHeader(input.headers, correlationId),
        options: { ...input.options, memo: { ...input.options.memo, [CORRELATION_MEMO_FIELD]: correlationId } },
      });
    },
  };
}
