/** Every workflow the worker registers (the bundle entry point). */
export { provisionTenant } from './provision-tenant';
export { orphanScan } from './orphan-scan';
export { healthSweep } from './health-sweep';
