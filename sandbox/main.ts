/**
 * Entry point of the standalone sandbox (`npm run sandbox`). Reads SANDBOX_PORT (default 4010), SANDBOX_HOST
 * (default 127.0.0.1), SANDBOX_LATENCY (`zero` | `realistic`), SANDBOX_LATENCY_FACTOR, SANDBOX_STATE_FILE (default
 * `<DATA_DIR>/sandbox-state.json`; `none` keeps state in memory), SANDBOX_SEED and SANDBOX_VERIFIED_SENDERS (SendGrid's
 * verified senders, comma-separated; default MAIL_FROM or `provisioning@brain.local`); logs one JSON line with its URL
 * and closes cleanly on SIGINT/SIGTERM.
 */
import { z } from 'zod';
import { createJsonLogger } from '../common/logging';
import { DEFAULT_VERIFIED_SENDER, startSandbox } from './server';
import { describeZodError } from '../common/input-issues';

const EnvSchema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_LATENCY: z.enum(['zero', 'realistic']).default('zero'),
  SANDBOX_LATENCY_FACTOR: z.coerce.number().positive().max(100).default(1),
  SANDBOX_STATE_FILE: z.string().min(1).optional(),
  SANDBOX_SEED: z.coerce.number().int().optional(),
  /** Comma-separated senders SendGrid accepts; default MAIL_FROM (the worker's sender), else its default. */
  SANDBOX_VERIFIED_SENDERS: z.string().min(1).optional(),
  MAIL_FROM: z.email().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

async function main(): Promise<void> {
  const present = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    process.stderr.write(`Invalid sandbox configuration:\n  - ${describeZodError(parsed.error, '(env)', '\n  - ')}\n`);
    process.exit(1);
  }
  const env = parsed.data;
  const logger = createJsonLogger({ level: env.LOG_LEVEL, base: { service: 'sandbox' } });
  const stateFile =
    env.SANDBOX_STATE_FILE === 'none' ? undefined : (env.SANDBOX_STATE_FILE ?? `${env.DATA_DIR}/sandbox-state.json`);
  const sandbox = await startSandbox({
    port: env.SANDBOX_PORT,
    host: env.SANDBOX_HOST,
    latency: env.SANDBOX_LATENCY,
    latencyFactor: env.SANDBOX_LATENCY_FACTOR,
    stateFile,
    seed: env.SANDBOX_SEED,
    verifiedSenders: (env.SANDBOX_VERIFIED_SENDERS ?? env.MAIL_FROM ?? DEFAULT_VERIFIED_SENDER)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    logger,
  });
  logger.info('sandbox listening', {
    url: sandbox.url,
    latency: env.SANDBOX_LATENCY,
    latencyFactor: env.SANDBOX_LATENCY_FACTOR,
    stateFile: stateFile ?? null,
  });
  const shutdown = (signal: string) => {
    logger.info('sandbox stopping', { signal });
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('sandbox close failed', { error: err });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
