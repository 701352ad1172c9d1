/** The bench worker's workflow bundle entry point: the production workflows plus the floor. */
export { provisionTenant } from '../workflows/provision-tenant';
export { orphanScan } from '../workflows/orphan-scan';
export { floorGraph } from './floor-workflow';
