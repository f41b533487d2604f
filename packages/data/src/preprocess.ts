import {
  add, cast, div, isTensor, max, min, moments, mul, oneHot as coreOneHot, reshape, sqrt, sub, tensor, tidy, where, equal,
  zerosLike, onesLike,
} from '@tessera/core';
import type { Tensor, TensorLike } from '@tessera/core';
import { describeValue } from './element.js';

/** Labels as numbers; a tensor is read back (synchronously where the backend can) to check the range. */
export type Labels = Tensor | ArrayLike<number>;

/**
 * One-hot rows for integer class labels: float32 [n, numClasses]. Labels must be whole numbers in
 * [0, numClasses); a label tensor of shape [n] or [n, 1] is accepted.
 */
export function oneHot(labels: Labels, numClasses: number): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new TypeError(`oneHot: invalid value for argument \`numClasses\`. Expected a positive integer. Received: ${describeValue(numClasses)}`);
  }
  if (isTensor(labels)) {
    const ok = labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1);
    if (!ok) throw new Error(`oneHot: \`labels\` must have shape [n] or [n, 1]. Received: [${labels.shape.join(',')}]`);
    const b = labels.backend;
    if (b.capabilities.syncRead && b.readSync) checkLabels(labels.dataSync(), numClasses);
    return tidy(() => cast(coreOneHot(cast(reshape(labels, [labels.size]), 'int32'), numClasses), 'float32'));
  }
  if (labels === null || typeof labels !== 'object' || typeof (labels as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`oneHot: invalid value for argument \`labels\`. Expected a tensor or an array of class indices. Received: ${describeValue(labels)}`);
  }
  checkLabels(labels, numClasses);
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) out[i * numClasses + labels[i]!] = 1;
  return tensor(out, [labels.length, numClasses], 'float32');
}

function checkLabels(labels: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new RangeError(`oneHot: labels[${i}] is ${v}; expected a whole number in [0, ${numClasses}).`);
    }
  }
}

/** Statistics given as one number, one per feature, or a tensor that broadcasts against x. */
export type Stat = number | readonly number[] | Tensor;

export interface NormalizeOptions {
  /** Defaults to the mean over `axis`. */
  mean?: Stat;
  /** Defaults to the (population) standard deviation over `axis`. Zeros are treated as 1 (constant features). */
  std?: Stat;
  /** The sample axis (or axes) the statistics run over; default 0. */
  axis?: number | number[];
}

/** Standardises features: (x − mean) / std. Compute the statistics on training data with `meanStd` and reuse them. */
export function normalize(x: TensorLike, options: NormalizeOptions = {}): Tensor {
  return tidy(() => {
    const t = asFloat(x, 'normalize');
    const axis = options.axis ?? 0;
    const stats = options.mean === undefined || options.std === undefined ? meanStd(t, axis) : null;
    const mean = options.mean === undefined ? stats!.mean : statTensor(options.mean, 'mean', 'normalize');
    const std = options.std === undefined ? stats!.std : statTensor(options.std, 'std', 'normalize');
    return div(sub(t, mean), nonZero(std));
  });
}

/** Per-feature mean and standard deviation over `axis` (default 0), keeping dims so they broadcast. */
export function meanStd(x: TensorLike, axis: number | number[] = 0): { mean: Tensor; std: Tensor } {
  return tidy(() => {
    const m = moments(asFloat(x, 'meanStd'), axis, true);
    return { mean: m.mean, std: sqrt(m.variance) };
  });
}

export interface MinMaxOptions {
  /** Defaults to the minimum over `axis`. */
  min?: Stat;
  /** Defaults to the maximum over `axis`. */
  max?: Stat;
  /** Target interval, default [0, 1]. */
  range?: readonly [number, number];
  axis?: number | number[];
}

/** Rescales features linearly so [min, max] maps onto `range` (constant features map to range[0]). */
export function minMaxScale(x: TensorLike, options: MinMaxOptions = {}): Tensor {
  const [lo, hi] = options.range ?? [0, 1];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new RangeError(`minMaxScale: invalid value for option \`range\`. Expected [low, high] with low < high. Received: ${describeValue(options.range)}`);
  }
  return tidy(() => {
    const t = asFloat(x, 'minMaxScale');
    const axis = options.axis ?? 0;
    const mn = options.min === undefined ? min(t, axis, true) : statTensor(options.min, 'min', 'minMaxScale');
    const mx = options.max === undefined ? max(t, axis, true) : statTensor(options.max, 'max', 'minMaxScale');
    return add(mul(div(sub(t, mn), nonZero(sub(mx, mn))), hi - lo), lo);
  });
}

function asFloat(x: TensorLike, op: string): Tensor {
  if (isTensor(x)) return x.dtype === 'float32' || x.dtype === 'float64' ? x : cast(x, 'float32');
  try {
    return tensor(x as number[], undefined, 'float32');
  } catch (err) {
    throw new TypeError(`${op}: invalid value for argument \`x\`. Expected a tensor or number array. ${(err as Error).message}`);
  }
}

function statTensor(s: Stat, name: string, op: string): Tensor {
  if (isTensor(s)) return s;
  if (typeof s === 'number' || Array.isArray(s)) return tensor(s as number[], undefined, 'float32');
  throw new TypeError(`${op}: invalid value for option \`${name}\`. Expected a number, an array of numbers or a tensor. Received: ${describeValue(s)}`);
}

function nonZero(t: Tensor): Tensor {
  return where(equal(t, zerosLike(t)), onesLike(t), t);
}
