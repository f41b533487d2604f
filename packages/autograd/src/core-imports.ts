// The core functions the backward pass uses, in one place.
import type { Tensor } from '@tessera/core';
export { isFloat, reshape, sum, cast, add, tidy, zerosLike, shapesEqual, clone, scalar, nextTensorId } from '@tessera/core';

export function fmtShapeOf(t: Tensor): string {
  return `[${t.shape.join(',')}]`;
}
export { isTensor, isVariable, runOp, tensor } from '@tessera/core';
export { listVariables as engineVariables } from '@tessera/core';
