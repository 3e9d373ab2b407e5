/** envelope's Backstage backend plugin: `backend.add(import('@envelope/plugin-envelope-backend'))`. */
export { envelopePlugin as default, createEnvelopePlugin, scanTaskId } from './plugin.js';
export { readEnvelopeConfig, type EnvelopeConfig, type ScanTarget } from './config.js';
export { projectReport } from './projection.js';
export { ScanStore, migrate } from './store.js';
export type { ScanFn, ScanOutcome } from './scan-runner.js';
