/** Flag parsing for the verbs: `node:util` parseArgs, strict, with its errors turned into {@link UsageError}s. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedFlags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `argv` against `options`; unknown flags, missing values and extra positionals are usage errors. */
export function parseFlags(argv: readonly string[], options: FlagSpec, maxPositionals = 0): ParsedFlags {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument: ${parsed.positionals[maxPositionals] ?? ''}`);
  }
  return { values: parsed.values as ParsedFlags['values'], positionals: parsed.positionals };
}

/** A string flag's value (undefined when absent). */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean flag's value (false when absent). */
export function booleanFlag(flags: ParsedFlags, name: string): boolean {
  return flags.values[name] === true;
}

/** The positional at `index`, or a usage error naming it. */
export function requirePositional(flags: ParsedFlags, index: number, name: string): string {
  const value = flags.positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing argument <${name}>`);
  return value;
}

/** A positive whole-number flag (undefined when absent), or a usage error naming it. */
export function positiveIntFlag(flags: ParsedFlags, name: string): number | undefined {
  const value = stringFlag(flags, name);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--${name} takes a positive whole number, got "${value}"`);
  return Number(value);
}
