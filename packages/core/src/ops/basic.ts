import type { DType } from '../dtype.js';
import { assertDType, isFloat, typedArrayFor, toTypedArray } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { getBackend, runOp } from '../engine.js';
import { S } from '../scalar/expr.js';
import { assertShapeArg, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, fromTypedArray, checkBufferSize, wrapHandle } from './convert.js';
import type { TensorLike } from './convert.js';
import { broadcastView, elementwiseOp } from './internal.js';

/** Converts to another dtype: float→int truncates toward zero, anything→bool is `x != 0`. */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const t = convertToTensor(x, 'x', 'cast');
  assertDType(dtype, 'dtype', 'cast');
  if (t.dtype === dtype) return t;
  const grad: GradFn = (dys, { inputs }) => [isFloat(inputs[0]!.dtype) ? cast(dys[0]!, inputs[0]!.dtype) : null];
  return elementwiseOp('cast', S.cast(dtype, S.in(0)), [t], dtype, grad, { dtype });
}

/** A new tensor with the same values (a contiguous copy). */
export function clone(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'clone');
  return elementwiseOp('clone', S.in(0), [t], t.dtype, (dys) => [dys[0]!]);
}

/** Identity that autograd sees as a new node; useful as a placeholder output. */
export const identity = clone;

/** A tensor of `shape` filled with `value`. */
export function fill(shape: readonly number[], value: number | boolean, dtype?: DType): Tensor {
  assertShapeArg(shape, 'shape', 'fill');
  const dt: DType = dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  assertDType(dt, 'dtype', 'fill');
  const b = getBackend();
  checkBufferSize(b, sizeOf(shape), dt, 'fill');
  return runOp({ name: 'fill', inputs: [], attrs: { shape, value, dtype: dt } }, () => {
    const scalarT = fromTypedArray(toTypedArray([value], dt), [], dt, b);
    try {
      return wrapHandle(b, b.kernels.elementwise(S.in(0), [broadcastView(scalarT, shape)], shape, dt), shape, dt);
    } finally {
      scalarT.dispose();
    }
  });
}

export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  assertShapeArg(shape, 'shape', 'zeros');
  assertDType(dtype, 'dtype', 'zeros');
  return runOp({ name: 'zeros', inputs: [], attrs: { shape, dtype } }, () =>
    fromTypedArray(typedArrayFor(dtype, sizeOf(shape)), shape, dtype),
  );
}

export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  // Validated here too, so errors name `ones` rather than `fill`.
  assertShapeArg(shape, 'shape', 'ones');
  assertDType(dtype, 'dtype', 'ones');
  return fill(shape, dtype === 'bool' ? true : 1, dtype);
}

export function zerosLike(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'zerosLike');
  return elementwiseOp('zerosLike', S.c(0), [t], t.dtype);
}

export function onesLike(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'onesLike');
  return elementwiseOp('onesLike', S.c(1), [t], t.dtype);
}
