/**
 * The benchmark's floor activity: `noop` validates its input and returns it, touching nothing else. Registered by
 * bench/bench-worker.ts next to the real activities; `floorGraph` calls it in provisionTenant's step graph.
 */
import { z } from 'zod';

export interface NoopInput {
  /** Which node of the graph this is, e.g. `floor-ab12-3:stage2.1`. */
  label: string;
}
export interface NoopResult {
  label: string;
}

/** Signatures of the bench-only activities (workflows import this with `import type`). */
export interface BenchActivities {
  /** Does nothing; idempotent. */
  noop(input: NoopInput): Promise<NoopResult>;
}

const NoopInputSchema = z.object({ label: z.string().min(1).max(200) }).strict();

/** Builds the bench-only activities. They hold no state. */
export function createBenchActivities(): BenchActivities {
  return {
    async noop(input) {
      const { label } = NoopInputSchema.parse(input);
      return { label };
    },
  };
}
