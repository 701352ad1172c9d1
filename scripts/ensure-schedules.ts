/**
 * Creates or updates every schedule (`npx tsx scripts/ensure-schedules.ts`); run by `./temporal-dev.sh up`.
 * Reads the same configuration as the worker (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, ORPHAN_SCAN_INTERVAL, ...).
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../common/config';
import { createJsonLogger } from '../common/logging';
import { temporalConnectionOptions } from '../common/temporal-connection';
import { ensureSchedules, scheduleDefinitions } from './schedules';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createJsonLogger({ level: config.logLevel, base: { service: 'ensure-schedules' } });
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    for (const result of await ensureSchedules(client, scheduleDefinitions(config))) {
      logger.info(`schedule ${result.outcome}`, { ...result });
    }
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ensure-schedules failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
