import type { Tensor, TensorLike } from '@tessera/core';
import {
  add, cast, clipByValue, div, exp, fmtShape, greaterEqual, isFloat, less, log, log1p, logSoftmax, logicalAnd, mean, mul,
  neg, notEqual, oneHot, shapesEqual, squeeze, sub, sum, tidy, where,
} from '@tessera/core';
import { EPSILON, alignRanks, checkAxis, checkBool, checkSameShape, checkUnit, predAndTrue, regressionPair, toTensor } from './util.js';

export interface CrossentropyOptions {
  /** Whether yPred holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** In [0, 1]: moves the labels towards uniform (default 0). */
  labelSmoothing?: number;
  /** The class axis (default -1). */
  axis?: number;
}

export interface SparseCrossentropyOptions {
  fromLogits?: boolean;
  /** A label whose entries get a loss of 0 and, in a Loss object's reduction, no weight (default none). */
  ignoreClass?: number | null;
  /** The class axis of yPred; only the last is supported, as in Keras's TensorFlow backend (default -1). */
  axis?: number;
}

/** The options object, or tfjs-layers' positional `fromLogits` boolean. */
export function crossentropyOptions(o: boolean | CrossentropyOptions | undefined, op: string): Required<CrossentropyOptions> {
  const opts = typeof o === 'boolean' ? { fromLogits: o } : (o ?? {});
  if (typeof opts !== 'object') throw new TypeError(`${op}: invalid value for argument \`options\`. Expected an object or a boolean (fromLogits).`);
  return {
    fromLogits: checkBool(opts.fromLogits ?? false, 'fromLogits', op),
    labelSmoothing: checkUnit(opts.labelSmoothing ?? 0, 'labelSmoothing', op),
    axis: opts.axis ?? -1,
  };
}

/**
 * Binary cross-entropy, the mean over `axis` of -(z·log p + (1-z)·log(1-p)). Probabilities are clipped to
 * [ε, 1-ε] (ε = 1e-7, Keras's); logits use the stable max(x,0) - x·z + log(1+exp(-|x|)), written with `where`
 * (as TensorFlow does) so the gradient at x = 0 is sigmoid(0) - z. Label smoothing moves z towards 0.5:
 * z·(1 - s) + s/2.
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, options?: boolean | CrossentropyOptions): Tensor {
  const op = 'binaryCrossentropy';
  const { fromLogits, labelSmoothing, axis } = crossentropyOptions(options, op);
  return tidy(() => {
    let [t, p] = alignRanks(...predAndTrue(yTrue, yPred, op));
    checkSameShape(op, t, p);
    const ax = checkAxis(axis, p.rank, op);
    if (labelSmoothing > 0) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
    return mean(fromLogits ? sigmoidCrossentropyWithLogits(t, p) : binaryCrossentropyFromProbs(t, p), ax);
  });
}

/** Elementwise max(x,0) - x·z + log1p(exp(-|x|)); `where` picks the branch so x = 0 differentiates correctly. */
export function sigmoidCrossentropyWithLogits(labels: Tensor, logits: Tensor): Tensor {
  return tidy(() => {
    const nonNeg = greaterEqual(logits, 0);
    const reluLogits = where(nonNeg, logits, 0);
    const negAbsLogits = where(nonNeg, neg(logits), logits);
    return add(sub(reluLogits, mul(logits, labels)), log1p(exp(negAbsLogits)));
  });
}

function binaryCrossentropyFromProbs(z: Tensor, p: Tensor): Tensor {
  const q = clipByValue(p, EPSILON, 1 - EPSILON);
  return neg(add(mul(z, log(q)), mul(sub(1, z), log(sub(1, q)))));
}

/**
 * Categorical cross-entropy, -sum(y · log p, axis), for one-hot (or soft) labels. Logits go through logSoftmax
 * (log-sum-exp); probabilities are renormalized to sum to 1 along `axis`, then clipped to [ε, 1-ε]. Label smoothing:
 * y·(1 - s) + s/C with C the size of the LAST axis, as Keras computes it even for another `axis`.
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, options?: boolean | CrossentropyOptions): Tensor {
  const op = 'categoricalCrossentropy';
  const { fromLogits, labelSmoothing, axis } = crossentropyOptions(options, op);
  return tidy(() => {
    let [t, p] = alignRanks(...predAndTrue(yTrue, yPred, op));
    checkSameShape(op, t, p);
    const ax = checkAxis(axis, p.rank, op);
    if (labelSmoothing > 0) t = add(mul(t, 1 - labelSmoothing), labelSmoothing / p.shape[p.rank - 1]!);
    return neg(sum(mul(t, logProbabilities(p, ax, fromLogits)), ax));
  });
}

function logProbabilities(p: Tensor, axis: number, fromLogits: boolean): Tensor {
  if (fromLogits) return logSoftmax(p, axis);
  return log(clipByValue(div(p, sum(p, axis, true)), EPSILON, 1 - EPSILON));
}

/**
 * Cross-entropy with integer labels: yTrue has yPred's shape without the class axis ([batch] for [batch, C]), or with
 * a trailing 1 ([batch, 1]); float labels are truncated to integers. Logits use logSoftmax. (tfjs 4.22 clips the
 * logits to [ε, 1-ε] before its softmax, which is wrong: logits [-1, 0.5, 2] with label 2 give 0.680 there and
 * 0.2413 here, as in Keras.) A label outside [0, C) gives NaN rather than a silent 0.
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options?: boolean | SparseCrossentropyOptions,
): Tensor {
  const { values, mask } = sparseCategoricalCrossentropyMasked(yTrue, yPred, options);
  mask?.dispose();
  return values;
}

/** The per-sample losses and, with `ignoreClass`, the mask of entries that count (for Loss reductions). */
export function sparseCategoricalCrossentropyMasked(
  yTrue: TensorLike,
  yPred: TensorLike,
  options?: boolean | SparseCrossentropyOptions,
): { values: Tensor; mask: Tensor | null } {
  const op = 'sparseCategoricalCrossentropy';
  const opts = typeof options === 'boolean' ? { fromLogits: options } : (options ?? {});
  const fromLogits = checkBool(opts.fromLogits ?? false, 'fromLogits', op);
  const ignoreClass = opts.ignoreClass ?? null;
  if (ignoreClass !== null && !Number.isInteger(ignoreClass)) {
    throw new TypeError(`${op}: invalid value for argument \`ignoreClass\`. Expected an integer or null. Received: ignoreClass=${String(ignoreClass)}`);
  }
  return tidy(() => {
    let p = toTensor(yPred, 'yPred', op);
    if (!isFloat(p.dtype)) p = cast(p, 'float32');
    const given = toTensor(yTrue, 'yTrue', op);
    let t = given;
    if (p.rank < 1) throw new Error(`${op}: yPred must have a class axis (rank >= 1). Received: yPred of shape ${fmtShape(p.shape)}.`);
    const ax = checkAxis(opts.axis ?? -1, p.rank, op);
    if (ax !== p.rank - 1) {
      throw new Error(`${op}: only the last axis of yPred can be the class axis (axis=-1), as in Keras's TensorFlow backend. Received: axis=${String(opts.axis)}`);
    }
    if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, [t.rank - 1]);
    if (!shapesEqual(t.shape, p.shape.slice(0, -1))) {
      throw new Error(
        `${op}: yTrue must have the shape of yPred without its last (class) axis, optionally with a trailing 1: yTrue is ${fmtShape(given.shape)}, yPred is ${fmtShape(p.shape)}.`,
      );
    }
    const numClasses = p.shape[p.rank - 1]!;
    let labels = t.dtype === 'int32' ? t : cast(t, 'int32');
    const mask = ignoreClass === null ? null : notEqual(labels, ignoreClass);
    if (mask) labels = where(mask, labels, 0);
    const inRange = logicalAnd(greaterEqual(labels, 0), less(labels, numClasses));
    const hot = oneHot(labels, numClasses, 1, 0, p.dtype);
    let values = neg(sum(mul(hot, logProbabilities(p, ax, fromLogits)), -1));
    values = where(inRange, values, NaN);
    if (mask) values = where(mask, values, 0);
    return { values, mask };
  });
}

/** mean(yPred - yTrue · log(yPred + ε), -1). */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'poisson');
    return mean(sub(p, mul(t, log(add(p, EPSILON)))), -1);
  });
}

/**
 * sum(yTrue · log(yTrue / yPred), -1) with both clipped to [ε, 1] (Keras clips yTrue too; tfjs multiplies by the
 * unclipped yTrue, so a zero label contributes exactly 0 there and about -1e-6 here).
 */
export function kullbackLeiblerDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t0, p0] = regressionPair(yTrue, yPred, 'kullbackLeiblerDivergence');
    const t = clipByValue(t0, EPSILON, 1);
    const p = clipByValue(p0, EPSILON, 1);
    return sum(mul(t, log(div(t, p))), -1);
  });
}
