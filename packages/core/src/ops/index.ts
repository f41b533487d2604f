// Every public op, one module per family. Backends never see these; they implement ../backend/spec.ts.
export { tensor, scalar, tensor1d, tensor2d, tensor3d, tensor4d, tensor5d, tensor6d } from './convert.js';
export type { TensorLike, NestedValues } from './convert.js';
export * from './basic.js';
export {
  neg, abs, sign, reciprocal, square, sqrt, rsqrt, exp, expm1, log, log1p, round, floor, ceil, sin, cos, tan, asin, acos,
  atan, sinh, cosh, tanh, asinh, acosh, atanh, erf, sigmoid, softplus, relu, relu6, elu, selu, isNaN, isFinite, isInf,
  logicalNot, gelu, leakyRelu, step, clipByValue,
} from './unary.js';
export {
  add, sub, mul, div, divNoNan, floorDiv, mod, pow, squaredDifference, maximum, minimum, atan2, equal, notEqual, less,
  lessEqual, greater, greaterEqual, logicalAnd, logicalOr, logicalXor, prelu,
} from './binary.js';
export * from './where.js';
export * from './transform.js';
export * from './pad.js';
export * from './concat.js';
export { sum, mean, prod, max, min, argMax, argMin, all, any, logSumExp, moments, norm } from './reduce.js';
export * from './scan.js';
export { matMul, dot, outerProduct, fused } from './matmul.js';
export type { FusedMatMulArgs } from './matmul.js';
export * from './softmax.js';
export * from './creation.js';
export * from './random.js';
export { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from './conv.js';
export type { PadArg, ExplicitPadding, DimRoundingMode, ConvDataFormat } from './conv.js';
export { maxPool, avgPool, maxPool1d, avgPool1d } from './pool.js';
export { batchNorm, localResponseNormalization } from './normalization.js';
export { gather } from './gather.js';
export { gatherND, scatterND } from './gather-nd.js';
export { unsortedSegmentSum } from './scatter-segment-sum.js';
export { stridedSlice } from './strided-slice.js';
export { topk } from './topk.js';
export { unique, uniqueAsync } from './unique.js';
export type { UniqueResult } from './unique.js';
export { whereAsync, booleanMaskAsync } from './index-mask.js';
export { mirrorPad } from './gather-mirror-pad.js';
