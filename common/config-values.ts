/**
 * The value types of configuration variables (common/config.ts): counts, durations, written-out booleans and per-plan
 * limits, each a zod schema that names what is wrong with a value.
 */
import { z } from 'zod';
import { parsePlanLimits } from './quota-policy';

export const positiveInt = z.coerce.number().int().positive();
export const nonNegativeInt = z.coerce.number().int().nonnegative();

/** Durations are written like `24h`, `10m`, `30s`, `500ms` or as plain milliseconds. */
export function parseDurationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: "${text}" (use e.g. 500ms, 30s, 10m, 24h, 30d)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1;
  return Math.round(value * factor);
}

/** A duration variable (see {@link parseDurationMs}) as milliseconds. */
export const duration = z.string().transform((text, ctx) => {
  try {
    return parseDurationMs(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** A boolean written out: `true`/`1`/`yes` or `false`/`0`/`no` (never `Boolean('false')`). */
export const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((text) => text === 'true' || text === '1' || text === 'yes');
/** Per-plan limits, `plan:count,…` (common/quota-policy.ts). */
export const planLimits = z.string().transform((text, ctx) => {
  try {
    return parsePlanLimits(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
