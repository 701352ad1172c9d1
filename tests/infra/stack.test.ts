/**
 * Smoke test of the test stack's Temporal dev server: reachable, and the contract's search attributes are
 * registered as Keyword (admins filter on them in the UI; workflows fail to upsert them otherwise).
 */
import { CONTRACT_SEARCH_ATTRIBUTES } from '../../workflows/contracts/search-attributes';
import { connectTestClient, temporalNamespace } from '../helpers/temporal';
import type { TestConnections } from '../helpers/temporal';

/** `temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD` (@temporalio/proto is not a direct dependency). */
const KEYWORD = 2;

describe('Temporal dev server of the test run', () => {
  let connections: TestConnections;

  beforeAll(async () => {
    connections = await connectTestClient();
  });

  afterAll(async () => {
    await connections.close();
  });

  it('has the four contract search attributes registered as Keyword', async () => {
    const response = await connections.client.connection.operatorService.listSearchAttributes({
      namespace: temporalNamespace(),
    });
    const registered = Object.fromEntries(
      CONTRACT_SEARCH_ATTRIBUTES.map(({ name }) => [name, response.customAttributes?.[name]]),
    );
    expect(registered).toEqual({
      TenantId: KEYWORD,
      ProvisioningStatus: KEYWORD,
      ProvisioningStep: KEYWORD,
      TenantPlan: KEYWORD,
    });
  });

  it('answers visibility queries on those attributes', async () => {
    const { count } = await connections.client.workflow.count(
      'ProvisioningStatus = "failed" AND TenantPlan = "pro" AND TenantId = "no-such-tenant"',
    );
    expect(count).toBe(0);
  });
});
