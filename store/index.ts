/**
 * The Brain store: the port every activity and client persists through, its embedded SQLite adapter, the shared
 * error contract and the pure aggregations both adapters use.
 */
export type {
  BrainStore,
  EmailRecord,
  HealthAlertRecord,
  HealthTransitionRecord,
  HealthUpdate,
  InstanceHealthFilter,
  InstancesHealthStatus,
  InstanceFilter,
  InstanceRecord,
  InstanceStatus,
  JobFilter,
  JobRecord,
  LeakRecord,
  OrphanReportRecord,
} from './port';
export { openSqliteStore } from './sqlite';
export { StoreError, StoreErrorType } from './errors';
export type { StoreErrorTypeName } from './errors';
export { medianStepDurations } from './aggregations';
export { KPI_TARGETS, provisioningMetricsOf, summarizeProvisioningMetrics } from './provisioning-metrics';
export type { Kpi, ProvisioningMetricsSummary } from './provisioning-metrics';
export { dailyProvisioningSeries } from './provisioning-metrics-series';
export type { ProvisioningMetricsDay } from './provisioning-metrics-series';
export { summarizeHealthKpis } from './health-kpis';
export type { HealthKpiParts, HealthKpiSummary } from './health-kpis';
