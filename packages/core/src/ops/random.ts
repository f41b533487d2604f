import type { DType } from '../dtype.js';
import { assertDType, isFloat, typedArrayFor } from '../dtype.js';
import { runOp, tidy } from '../engine.js';
import { freshSeed, keysFromSeed, normalAt, uniformAt } from '../random.js';
import { assertShapeArg, fmtShape, sizeOf, broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, fromTypedArray } from './convert.js';
import type { TensorLike } from './convert.js';
import { cast } from './basic.js';
import { div, greaterEqual, mul } from './binary.js';

function checkSeed(seed: unknown, op: string): number {
  if (seed === undefined || seed === null) return freshSeed();
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${op}: invalid value for argument \`seed\`. Expected a finite number. Received: seed=${String(seed)}`);
  }
  return seed;
}

function generate(op: string, shape: readonly number[], dtype: DType, fn: (i: number) => number, attrs: Record<string, unknown>): Tensor {
  const n = sizeOf(shape);
  const v = typedArrayFor(dtype, n);
  for (let i = 0; i < n; i++) v[i] = fn(i);
  return runOp({ name: op, inputs: [], attrs }, () => fromTypedArray(v, shape, dtype));
}

/** Uniform values in [minval, maxval). int32 gives integers in [minval, maxval). */
export function randomUniform(shape: readonly number[], minval = 0, maxval = 1, dtype: 'float32' | 'int32' | 'float64' = 'float32', seed?: number): Tensor {
  assertShapeArg(shape, 'shape', 'randomUniform');
  assertDType(dtype, 'dtype', 'randomUniform');
  if ((dtype as DType) === 'bool') throw new TypeError('randomUniform: invalid value for argument `dtype`. Expected float32, int32 or float64. Received: bool');
  if (!(minval <= maxval)) {
    throw new RangeError(`randomUniform: expected minval <= maxval. Received: minval=${minval}, maxval=${maxval}`);
  }
  const s = checkSeed(seed, 'randomUniform');
  const keys = keysFromSeed(s);
  const range = maxval - minval;
  const f = dtype === 'int32' ? (i: number) => Math.floor(minval + uniformAt(keys, i) * range) : (i: number) => minval + uniformAt(keys, i) * range;
  return generate('randomUniform', shape, dtype, f, { shape, minval, maxval, dtype, seed: s });
}

/** Normal values with the given mean and standard deviation. */
export function randomNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: 'float32' | 'float64' = 'float32', seed?: number): Tensor {
  assertShapeArg(shape, 'shape', 'randomNormal');
  assertDType(dtype, 'dtype', 'randomNormal');
  if (!isFloat(dtype)) throw new TypeError(`randomNormal: expected a float dtype. Received: ${dtype}`);
  const keys = keysFromSeed(checkSeed(seed, 'randomNormal'));
  return generate('randomNormal', shape, dtype, (i) => mean + stdDev * normalAt(keys, i), { shape, mean, stdDev, dtype });
}

/** Normal values redrawn until within two standard deviations of the mean (tfjs's truncatedNormal). */
export function truncatedNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: 'float32' | 'float64' = 'float32', seed?: number): Tensor {
  assertShapeArg(shape, 'shape', 'truncatedNormal');
  assertDType(dtype, 'dtype', 'truncatedNormal');
  if (!isFloat(dtype)) throw new TypeError(`truncatedNormal: expected a float dtype. Received: ${dtype}`);
  const keys = keysFromSeed(checkSeed(seed, 'truncatedNormal'));
  const n = sizeOf(shape);
  const f = (i: number) => {
    // Attempt k of element i reads counter pair (i + k·n): still a pure function of (seed, i).
    for (let k = 0; ; k++) {
      const z = normalAt(keys, i + k * n);
      if (Math.abs(z) <= 2) return mean + stdDev * z;
    }
  };
  return generate('truncatedNormal', shape, dtype, f, { shape, mean, stdDev, dtype });
}

/**
 * Zeroes each element with probability `rate` and scales the rest by 1/(1-rate). `noiseShape` (broadcastable to x)
 * shares one mask value along its size-1 dims.
 */
export function dropout(x: TensorLike, rate: number, noiseShape?: number[], seed?: number): Tensor {
  const t = convertToTensor(x, 'x', 'dropout');
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new RangeError(`dropout: invalid value for argument \`rate\`. Expected a float in [0, 1). Received: rate=${String(rate)}`);
  }
  if (!isFloat(t.dtype)) throw new TypeError(`dropout: expected a float tensor for argument \`x\`. Received: ${t.dtype}`);
  const shape = noiseShape ?? [...t.shape];
  const out = broadcastShapes('dropout', [t.shape, shape], ['x', 'noiseShape']);
  if (out.length !== t.rank || out.some((d, i) => d !== t.shape[i])) {
    throw new Error(`dropout: \`noiseShape\` ${fmtShape(shape)} must broadcast to x's shape ${fmtShape(t.shape)}.`);
  }
  if (rate === 0) return t.clone();
  const s = checkSeed(seed, 'dropout');
  return tidy(() => {
    const keep = cast(greaterEqual(randomUniform(shape, 0, 1, 'float32', s), rate), t.dtype);
    return mul(t, div(keep, 1 - rate));
  });
}
