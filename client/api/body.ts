/** Request body parsing: JSON only, with `invalid_json` (400) for an empty or malformed body. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { parseWith } from '../lib/input';
import { ApiError } from './http-errors';

/** The parsed JSON body; an empty body is `undefined` when `optional`, else `invalid_json`. */
export async function readJsonBody(c: Context, optional = false): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new ApiError('invalid_json', 'The request body is empty; expected a JSON object');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError('invalid_json', `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Validates a query string (every parameter a single string) against `schema`; `invalid_input` names the field. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query());
}
