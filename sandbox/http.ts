/**
 * Small HTTP helpers shared by the emulated providers: JSON responses, tolerant body parsing, bearer tokens.
 */
import type { Context } from 'hono';
import type { z } from 'zod';

/** A JSON response with the given status and extra headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** An empty-bodied response (SendGrid 202, WorkOS delete, Convex delete). */
export function empty(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; message: string; field: string | null };

/**
 * Reads a JSON body and validates it with `schema`. An empty body counts as `{}` (the SDKs send none for some
 * POSTs); malformed JSON and schema violations come back as a message naming the first bad field.
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<BodyResult<z.infer<S>>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, message: 'The request body is not valid JSON.', field: null };
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  return { ok: false, message: field ? `${field}: ${issue?.message}` : (issue?.message ?? 'invalid body'), field };
}

/** The token of an `Authorization: <scheme> <token>` header, or undefined. */
export function authToken(c: Context, scheme: 'Bearer' | 'Convex'): string | undefined {
  const header = c.req.header('authorization');
  if (!header) return undefined;
  const match = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!match || match[1]?.toLowerCase() !== scheme.toLowerCase()) return undefined;
  const token = match[2]?.trim();
  return token ? token : undefined;
}

/** Parses a positive integer query parameter; undefined when absent, NaN when malformed. */
export function intParam(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** A path parameter ('' when absent: routes only call this for parameters their path declares). */
export function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}
