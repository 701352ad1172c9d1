/**
 * Input validation at the client boundary: zod issues become {@link FieldIssue}s that name the field, so the CLI,
 * the HTTP API and Brain can all say which field is wrong.
 */
import type { z } from 'zod';
import {
  ProvisionTenantInputSchema,
  type ProvisionTenantInput,
} from '../../workflows/contracts/provision-tenant-input';
import { fieldIssues } from '../../common/input-issues';
import { ValidationError } from './errors';

export { fieldIssues } from '../../common/input-issues';

/** Parses `value` with `schema`, or throws a {@link ValidationError} naming every invalid field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error));
  return parsed.data;
}

/** Validates a `provisionTenant` input (trimmed, strict); throws {@link ValidationError} (`invalid_input`). */
export function parseProvisionInput(value: unknown): ProvisionTenantInput {
  return parseWith(ProvisionTenantInputSchema, value);
}
