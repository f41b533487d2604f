// The op cases every backend runs; a separate entry point so they never end up in an application bundle.
export type { OpCase, CaseInput, CaseExpected, HostTensor } from './case.js';
export { allCases } from './all-cases.js';
