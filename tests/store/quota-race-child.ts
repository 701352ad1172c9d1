/**
 * One contender of tests/store/sqlite-quota-race.test.ts, as its own process: waits for the common start time, then
 * reserves its tenants as fast as it can against the shared store file and prints how many it got.
 * Usage: tsx quota-race-child.ts <store path> <name> <count> <start epoch ms>
 */
import { openSqliteStore } from '../../store/sqlite';
import type { QuotaLimits } from '../../common/quota-policy';
import { makeInstance } from './fixtures';

export const RACE_LIMITS: QuotaLimits = { requester: { concurrent: { pro: 7 } } };

async function main(): Promise<void> {
  const [path = '', name = '', count = '0', startAt = '0'] = process.argv.slice(2);
  const store = openSqliteStore(path);
  try {
    while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 1));
    let reserved = 0;
    for (let i = 0; i < Number(count); i++) {
      const now = new Date().toISOString();
      const instance = makeInstance({
        tenantId: `race-${name}-${i}`,
        status: 'provisioning',
        requestedBy: 'brain-race',
        createdAt: now,
      });
      if ((await store.reserveInstance(instance, RACE_LIMITS, now)) === undefined) reserved++;
    }
    process.stdout.write(`${JSON.stringify({ name, reserved })}\n`);
  } finally {
    await store.close();
  }
}

if (require.main === module) void main();
