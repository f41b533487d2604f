import type { DType } from '../dtype.js';
import { assertDType, typedArrayFor } from '../dtype.js';
import { runOp, tidy } from '../engine.js';
import { assertShapeArg } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, fromTypedArray } from './convert.js';
import type { TensorLike } from './convert.js';
import { cast } from './basic.js';
import { equal, add, mul } from './binary.js';
import { expandDims } from './transform.js';

function checkNumber(v: unknown, arg: string, op: string, integer = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new TypeError(`${op}: invalid value for argument \`${arg}\`. Expected a finite ${integer ? 'integer' : 'number'}. Received: ${arg}=${String(v)}`);
  }
}

/** `num` evenly spaced values from start to stop, both included. */
export function linspace(start: number, stop: number, num: number): Tensor {
  checkNumber(start, 'start', 'linspace');
  checkNumber(stop, 'stop', 'linspace');
  checkNumber(num, 'num', 'linspace', true);
  if (num <= 0) throw new RangeError(`linspace: invalid value for argument \`num\`. Expected a positive integer. Received: num=${num}`);
  const v = new Float32Array(num);
  const stepv = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) v[i] = start + i * stepv;
  return runOp({ name: 'linspace', inputs: [], attrs: { start, stop, num } }, () => fromTypedArray(v, [num], 'float32'));
}

/** Values from start (inclusive) to stop (exclusive) by step, as tfjs's range. */
export function range(start: number, stop?: number, step = 1, dtype: 'float32' | 'int32' = 'float32'): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  checkNumber(start, 'start', 'range');
  checkNumber(stop, 'stop', 'range');
  checkNumber(step, 'step', 'range');
  if (step === 0) throw new RangeError('range: invalid value for argument `step`. Expected a non-zero number. Received: step=0');
  assertDType(dtype, 'dtype', 'range');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const v = typedArrayFor(dtype, n);
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return runOp({ name: 'range', inputs: [], attrs: { start, stop, step, dtype } }, () => fromTypedArray(v, [n], dtype));
}

/** Identity matrix (optionally batched), as tfjs's eye. */
export function eye(numRows: number, numColumns?: number, batchShape?: number[], dtype: DType = 'float32'): Tensor {
  checkNumber(numRows, 'numRows', 'eye', true);
  const cols = numColumns ?? numRows;
  checkNumber(cols, 'numColumns', 'eye', true);
  if (numRows < 0 || cols < 0) {
    const [arg, v] = numRows < 0 ? ['numRows', numRows] : ['numColumns', cols];
    throw new RangeError(`eye: invalid value for argument \`${arg}\`. Expected a non-negative integer. Received: ${arg}=${v}`);
  }
  if (batchShape !== undefined) assertShapeArg(batchShape, 'batchShape', 'eye');
  assertDType(dtype, 'dtype', 'eye');
  const batch = batchShape ?? [];
  const nb = batch.reduce((a, b) => a * b, 1);
  const v = typedArrayFor(dtype, nb * numRows * cols);
  for (let b = 0; b < nb; b++) for (let i = 0; i < Math.min(numRows, cols); i++) v[b * numRows * cols + i * cols + i] = 1;
  return runOp({ name: 'eye', inputs: [], attrs: { numRows, numColumns: cols } }, () => fromTypedArray(v, [...batch, numRows, cols], dtype));
}

/** One-hot encoding of int32 indices along a new last axis of size `depth`. Out-of-range indices give all off. */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0, dtype: DType = 'int32'): Tensor {
  const t = convertToTensor(indices, 'indices', 'oneHot', 'int32');
  if (t.dtype !== 'int32') throw new TypeError(`oneHot: expected int32 \`indices\`. Received: ${t.dtype}`);
  checkNumber(depth, 'depth', 'oneHot', true);
  if (depth < 1) throw new RangeError(`oneHot: invalid value for argument \`depth\`. Expected an integer >= 1. Received: depth=${depth}`);
  return runOp({ name: 'oneHot', inputs: [t], attrs: { depth, onValue, offValue, dtype } }, () =>
    tidy(() => {
      const hot = cast(equal(expandDims(t, -1), range(0, depth, 1, 'int32')), dtype);
      return onValue === 1 && offValue === 0 ? hot : add(mul(hot, onValue - offValue), offValue);
    }),
  );
}
