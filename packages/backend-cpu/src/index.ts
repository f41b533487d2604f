export { cpu } from './backend.js';
export type { CpuBackendOptions } from './backend.js';
