/**
 * The one builder of the contract's `InvalidInput` failure for activities: non-retryable, its message naming every
 * bad field, its details `{subject, fields, issues}` (fields for callers that only need the names).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { describeIssues, fieldIssues, type FieldIssue } from '../common/input-issues';
import { FailureType } from '../workflows/contracts/provision-tenant';

/** `<subject>: invalid input: <field>: <problem>; …`, non-retryable. */
export function invalidInputFailure(subject: string, issues: readonly FieldIssue[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.InvalidInput,
    message: `${subject}: invalid input: ${describeIssues(issues)}`,
    nonRetryable: true,
    details: [{ subject, fields: issues.map((issue) => issue.path), issues }],
  });
}

/** Parses an input with `schema`; a bad one fails at once with {@link invalidInputFailure}. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, subject: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInputFailure(subject, fieldIssues(result.error));
}
