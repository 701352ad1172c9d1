/**
 * Search attributes of the public contract (all Keyword). Registered on the dev server by temporal-dev.sh and by
 * the test harness; admins filter on them in the Temporal UI, e.g. `ProvisioningStatus = "failed"`.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TenantIdAttribute = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const ProvisioningStatusAttribute = defineSearchAttributeKey('ProvisioningStatus', SearchAttributeType.KEYWORD);
export const ProvisioningStepAttribute = defineSearchAttributeKey('ProvisioningStep', SearchAttributeType.KEYWORD);
export const TenantPlanAttribute = defineSearchAttributeKey('TenantPlan', SearchAttributeType.KEYWORD);

export const CONTRACT_SEARCH_ATTRIBUTES = [
  TenantIdAttribute,
  ProvisioningStatusAttribute,
  ProvisioningStepAttribute,
  TenantPlanAttribute,
] as const;
