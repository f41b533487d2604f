export type { DType, TypedArray } from './dtype.js';
export { upcastType, isFloat, bytesPerElement, DTYPES, typedArrayFor } from './dtype.js';
export type { Shape } from './shape.js';
export { sizeOf, contiguousStrides, broadcastShapes, normalizeAxis, normalizeAxes, shapesEqual, fmtShape } from './shape.js';
export type {
  BackendV1, AnyBackend, BackendCapabilities, BackendMemory, KernelsV1, View, Target, ReduceOp, ScanOp, FusedActivation,
} from './backend/spec.js';
export { collapseDims, elementOffsets } from './backend/strided.js';
export type { Collapsed } from './backend/strided.js';
export type { ScalarExpr, UnaryOp, BinaryOp } from './scalar/expr.js';
export { S, exprKey, exprArity } from './scalar/expr.js';
export { renderJs, SCALAR_HELPERS } from './scalar/render-js.js';
export type { ScalarHelpers } from './scalar/render-js.js';
export { Tensor, Storage, isTensor } from './tensor.js';
export type { NestedArray } from './tensor.js';
export {
  setBackend, registerBackend, getBackend, listBackends, nextTensorId, removeBackend, tidy, keep, dispose, memory, addOpHook, runOp,
} from './engine.js';
export type { OpCall, OpHook, GradFn, GradContext, MemoryInfo, TensorContainer } from './engine.js';
export { SeededRandom, keysFromSeed, uniformAt, normalAt, bits, freshSeed, setGlobalSeed } from './random.js';
export { moveTo } from './move.js';
export { Variable, variable, isVariable, listVariables } from './variable.js';
export { aliasKept } from './alias.js';
export * from './ops/index.js';
