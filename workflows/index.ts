/** Every workflow the worker registers (the bundle entry point). */
export { provisionTenant } from './provision-tenant';
export { orphanScan } from './orphan-scan';
export { cleanupOrphans } from './cleanup-orphans';
export { resendEmails } from './resend-emails';
export { healthSweep } from './health-sweep';
