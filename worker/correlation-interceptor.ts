/**
 * The worker's activity interceptor: each attempt runs with the job's correlation ID (the `correlation-id` header
 * the workflow interceptor put on the activity) as the current correlation ID (common/correlation.ts), so the call
 * scope of activities/call-context.ts stamps it on every provider request and log line; and the SDK's own activity
 * log lines (`Context.current().log`) carry it too.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { withCorrelationId } from '../common/correlation';
import { CORRELATION_HEADER } from '../workflows/contracts/correlation';

export const correlationActivityInterceptors: ActivityInterceptorsFactory = () => {
  let correlationId: string | undefined;
  return {
    inbound: {
      async execute(input, next) {
        const payload = input.headers[CORRELATION_HEADER];
        const value: unknown = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
        correlationId = typeof value === 'string' && value.length > 0 ? value : undefined;
        return correlationId === undefined ? next(input) : withCorrelationId(correlationId, () => next(input));
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(correlationId === undefined ? input : { ...input, correlationId });
      },
    },
  };
};
