/**
 * Fault injection rules. A rule matches a provider (and optionally one operation, and optionally only requests whose
 * path or body contains `match`, e.g. one tenant's resource name), fires with its probability
 * (drawn from a seeded generator) and at most `count` times. The first matching live rule decides; a rule whose
 * count is spent stays listed with `remaining: 0` so tests and chaos reports can see what fired.
 */
import { z } from 'zod';
import { isOperationOf, PROVIDER_NAMES, type ProviderName } from './providers';
import { createRandom } from './random';

export const FAULT_KINDS = [
  'error_500',
  'rate_limit_429',
  'timeout',
  'commit_then_500',
  'unauthorized_401',
  'quota_exceeded',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultInputSchema = z
  .object({
    provider: z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]]),
    operation: z.string().min(1).optional(),
    kind: z.enum(FAULT_KINDS),
    probability: z.number().min(0).max(1).default(1),
    count: z.number().int().positive().optional(),
    /** Only requests whose path or body contains this text (e.g. `tenant-acme`) are faulted. */
    match: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((f) => f.operation === undefined || isOperationOf(f.provider, f.operation), {
    message: 'operation is not one of the provider operations',
    path: ['operation'],
  });
export type FaultInput = z.infer<typeof FaultInputSchema>;

export interface FaultRule {
  id: string;
  provider: ProviderName;
  operation: string | null;
  kind: FaultKind;
  probability: number;
  /** Times the rule may fire in total; null = unlimited. */
  count: number | null;
  /** Substring the request path or body must contain; null = every request. */
  match: string | null;
  fired: number;
  /** Firings left; null = unlimited. */
  remaining: number | null;
  createdAt: string;
}

export interface FaultRegistry {
  add(input: FaultInput): FaultRule;
  list(): FaultRule[];
  remove(id: string): boolean;
  clear(): void;
  /** True when a live rule for this call has a `match`: the caller then passes the request's path and body. */
  needsSubject(provider: ProviderName, operation: string): boolean;
  /** Decides whether a fault fires for this call; when it does, counts the firing and returns the rule. */
  draw(provider: ProviderName, operation: string, subject?: string): FaultRule | undefined;
}

/** An empty rule set; `seed` fixes the sequence of probability draws. Rules live in memory only. */
export function createFaultRegistry(seed: number, now: () => number = Date.now): FaultRegistry {
  const random = createRandom(seed);
  let rules: FaultRule[] = [];
  let nextId = 1;
  return {
    add(input) {
      const rule: FaultRule = {
        id: `fault_${nextId++}`,
        provider: input.provider,
        operation: input.operation ?? null,
        kind: input.kind,
        probability: input.probability,
        count: input.count ?? null,
        match: input.match ?? null,
        fired: 0,
        remaining: input.count ?? null,
        createdAt: new Date(now()).toISOString(),
      };
      rules.push(rule);
      return { ...rule };
    },
    list: () => rules.map((r) => ({ ...r })),
    remove(id) {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length < before;
    },
    clear() {
      rules = [];
    },
    needsSubject(provider, operation) {
      return rules.some((r) => r.match !== null && r.remaining !== 0 && appliesTo(r, provider, operation));
    },
    draw(provider, operation, subject = '') {
      for (const rule of rules) {
        if (!appliesTo(rule, provider, operation)) continue;
        if (rule.remaining === 0) continue;
        if (rule.match !== null && !subject.includes(rule.match)) continue;
        if (rule.probability < 1 && random.next() >= rule.probability) continue;
        rule.fired += 1;
        if (rule.remaining !== null) rule.remaining -= 1;
        return { ...rule };
      }
      return undefined;
    },
  };
}

function appliesTo(rule: FaultRule, provider: ProviderName, operation: string): boolean {
  return rule.provider === provider && (rule.operation === null || rule.operation === operation);
}
