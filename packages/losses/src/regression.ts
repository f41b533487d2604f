import type { Tensor, TensorLike } from '@tessera/core';
import { broadcastShapes, broadcastTo, shapesEqual, abs, add, div, log, maximum, mean, mul, neg, softplus, square, sub, sum, tidy, where, lessEqual, sqrt } from '@tessera/core';
import { EPSILON, checkAxis, regressionPair } from './util.js';

// Regression losses. Each returns the per-sample loss: the mean over the last axis, as Keras's functions do.

/** mean(square(yTrue - yPred), -1). */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'meanSquaredError');
    return mean(square(sub(t, p)), -1);
  });
}

/** mean(abs(yTrue - yPred), -1). */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'meanAbsoluteError');
    return mean(abs(sub(t, p)), -1);
  });
}

/** 100 · mean(|yTrue - yPred| / max(|yTrue|, ε), -1). */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'meanAbsolutePercentageError');
    const diff = abs(div(sub(t, p), maximum(abs(t), EPSILON)));
    return mul(mean(diff, -1), 100);
  });
}

/** mean(square(log(max(yPred, ε) + 1) - log(max(yTrue, ε) + 1)), -1). */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'meanSquaredLogarithmicError');
    const first = log(add(maximum(p, EPSILON), 1));
    const second = log(add(maximum(t, EPSILON), 1));
    return mean(square(sub(first, second)), -1);
  });
}

/** Quadratic for |error| ≤ delta, linear beyond: mean(0.5·e² or delta·|e| - 0.5·delta², -1). */
export function huber(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  if (typeof delta !== 'number' || !(delta >= 0)) {
    throw new RangeError(`huber: invalid value for argument \`delta\`. Expected a number >= 0. Received: delta=${String(delta)}`);
  }
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'huber');
    const error = sub(p, t);
    const absError = abs(error);
    const quadratic = mul(square(error), 0.5);
    const linear = sub(mul(absError, delta), 0.5 * delta * delta);
    return mean(where(lessEqual(absError, delta), quadratic, linear), -1);
  });
}

/** mean(log(cosh(yPred - yTrue)), -1), computed as x + softplus(-2x) - log 2 so large errors do not overflow. */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'logCosh');
    const x = sub(p, t);
    return mean(sub(add(x, softplus(mul(x, -2))), Math.LN2), -1);
  });
}

/**
 * -sum(l2Normalize(yTrue) · l2Normalize(yPred), axis): -1 for vectors pointing the same way, 0 when either is zero.
 * Normalizing divides by max(‖x‖, ε) as Keras 3 does (x · min(rsqrt(Σx²), 1/ε)); tfjs's cosineProximity divides by
 * sqrt(max(Σx², ε)) instead, which differs for vectors shorter than about 3e-4. Written as sqrt(max(Σx², ε²)) so
 * the gradient of a zero vector is 0, not NaN.
 */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  return tidy(() => {
    let [t, p] = regressionPair(yTrue, yPred, 'cosineSimilarity');
    // Broadcast first so both are normalized along the same axis.
    const shape = broadcastShapes('cosineSimilarity', [t.shape, p.shape], ['yTrue', 'yPred']);
    if (!shapesEqual(t.shape, shape)) t = broadcastTo(t, shape);
    if (!shapesEqual(p.shape, shape)) p = broadcastTo(p, shape);
    const ax = checkAxis(axis, shape.length, 'cosineSimilarity');
    return neg(sum(mul(l2Normalize(t, ax), l2Normalize(p, ax)), ax));
  });
}

function l2Normalize(x: Tensor, axis: number): Tensor {
  const norm = sqrt(maximum(sum(square(x), axis, true), EPSILON * EPSILON));
  return div(x, norm);
}
