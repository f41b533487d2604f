// The conformance kit every Tessera backend runs under vitest, plus helpers for backend authors' own tests.
export { describeBackend } from './describe-backend.js';
export type { ConformanceOptions, Tolerance } from './options.js';
export { DEFAULT_TOLERANCE, FLOAT64_TOLERANCE } from './options.js';
export { assertClose, assertResult, isClose } from './compare.js';
export type { ActualResult } from './compare.js';
export { hostTensor, toHost, seededValues } from './host.js';
export { buildInput } from './layouts.js';
export type { Layout } from './layouts.js';
export { deriveVariants } from './variants.js';
export type { Variant } from './variants.js';
