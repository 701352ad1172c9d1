/**
 * Running work inside a span that is already started: the span is the active context while `run` runs, its outcome
 * sets attributes and the status, a throw marks it failed with the error's name only (a message may quote a
 * provider's answer), and it ends in every case. Shared by the provider operations and the CLI's verbs.
 */
import { context, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

export interface SpanOutcome {
  failed: boolean;
  attributes: Attributes;
  /** The status message of a failed outcome (never a provider's own words). */
  message?: string;
}

export async function runInSpan<T>(span: Span, run: () => Promise<T>, outcome: (result: T) => SpanOutcome): Promise<T> {
  try {
    const result = await context.with(trace.setSpan(context.active(), span), run);
    const { failed, attributes, message } = outcome(result);
    span.setAttributes(attributes);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, ...(message !== undefined && { message }) });
    return result;
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Marks the span failed with the error's name only. */
function failSpan(span: Span, err: unknown): void {
  const type = err instanceof Error ? err.name : 'Error';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}
