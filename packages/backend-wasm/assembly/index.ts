// The kernels' exports. Every function takes byte addresses and int32 parameters; see src/kernels/*.ts for the
// parameter blocks the JavaScript side writes.
export { heapBase } from './common';
export { ewRun } from './elementwise';
export { reduceRows, reduceCols } from './reduce';
export { mmF32, mmGeneric } from './matmul';
export { assignRows, checkIndices, gather, scatterAdd, scan } from './indexing';
export { ewF32 } from './fastpath';
