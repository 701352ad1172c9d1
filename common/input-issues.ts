/**
 * The one way a zod failure is turned into words, in every process: one {@link FieldIssue} per named field (an
 * unknown key is reported under its own name), and one sentence listing them. Activities build their
 * `InvalidInput` failure on it (activities/invalid-input.ts), the clients their `invalid_input` error, the
 * configuration its `ConfigError`, the sandbox its control API's 400.
 */
import type { z } from 'zod';

/** One invalid field of an input: its dotted path (`owner.email`) and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** One issue per named field; `root` names the input itself when the whole value is wrong. */
export function fieldIssues(error: z.ZodError, root = '(input)'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: path ? `${path}.${key}` : key, message: 'unknown field' });
      continue;
    }
    issues.push({ path: path || root, message: issue.message });
  }
  return issues;
}

/** `owner.email: Invalid email; plan: Invalid option` (or one issue per line with `separator: '\n'`). */
export function describeIssues(issues: readonly FieldIssue[], separator = '; '): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join(separator);
}

/** {@link describeIssues} of a zod error. */
export function describeZodError(error: z.ZodError, root = '(input)', separator = '; '): string {
  return describeIssues(fieldIssues(error, root), separator);
}
