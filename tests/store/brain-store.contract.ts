/**
 * The contract every Brain store adapter must meet (DESIGN.md decision 3): one suite, run by each adapter's test
 * file with a factory that returns a fresh, empty store. Written against the `BrainStore` port only.
 */
import type { BrainStore } from '../../store/port';
import { describeAlertAndReservationContract } from './contract/alerts-reservations.contract';
import { describeAuditContract } from './contract/audit.contract';
import { describeEmailContract } from './contract/emails.contract';
import { describeHealthContract } from './contract/health.contract';
import { describeHealthKpiContract } from './contract/health-kpis.contract';
import { describeInstanceContract } from './contract/instances.contract';
import { describeJobContract } from './contract/jobs.contract';
import { describeLeakAndOrphanContract } from './contract/leaks-orphans.contract';
import { describeMetricsContract } from './contract/metrics.contract';
import { describeQuotaContract } from './contract/quotas.contract';

/** Returns a new, empty store; called before every test, and the store is closed after it. */
export type BrainStoreFactory = () => BrainStore | Promise<BrainStore>;

/** Registers the whole contract suite for one adapter under `BrainStore contract: <name>`. */
export function describeBrainStoreContract(name: string, factory: BrainStoreFactory): void {
  describe(`BrainStore contract: ${name}`, () => {
    let store: BrainStore | undefined;
    const getStore = (): BrainStore => {
      if (!store) throw new Error('the store is opened in beforeEach');
      return store;
    };

    beforeEach(async () => {
      store = await factory();
    });

    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    describeInstanceContract(getStore);
    describeJobContract(getStore);
    describeEmailContract(getStore);
    describeLeakAndOrphanContract(getStore);
    describeAlertAndReservationContract(getStore);
    describeMetricsContract(getStore);
    describeAuditContract(getStore);
    describeQuotaContract(getStore);
    describeHealthContract(getStore);
    describeHealthKpiContract(getStore);
  });
}
