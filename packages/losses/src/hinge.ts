import type { Tensor, TensorLike } from '@tessera/core';
import { add, all, equal, logicalOr, max, maximum, mean, mul, square, sub, sum, tidy, where } from '@tessera/core';
import { regressionPair } from './util.js';

// Hinge losses for classifiers that output scores. Labels are -1/1; 0/1 labels are converted as Keras does.

/**
 * Keras's `convert_binary_labels_to_hinge`: if every label is 0 or 1, map them to -1/1; otherwise keep them. The
 * test is a tensor (`all`), not a read, so it works on asynchronous backends. tfjs's layer losses skip this step,
 * so 0/1 labels give different values there.
 */
function hingeLabels(t: Tensor): Tensor {
  const isBinary = all(logicalOr(equal(t, 0), equal(t, 1)));
  return where(isBinary, sub(mul(t, 2), 1), t);
}

/** mean(max(1 - yTrue · yPred, 0), -1). */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'hinge');
    return mean(maximum(sub(1, mul(hingeLabels(t), p)), 0), -1);
  });
}

/** mean(square(max(1 - yTrue · yPred, 0)), -1). */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'squaredHinge');
    return mean(square(maximum(sub(1, mul(hingeLabels(t), p)), 0)), -1);
  });
}

/** max(neg - pos + 1, 0) with pos = sum(yTrue · yPred, -1) and neg = max((1 - yTrue) · yPred, -1), for one-hot labels. */
export function categoricalHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = regressionPair(yTrue, yPred, 'categoricalHinge');
    const pos = sum(mul(t, p), -1);
    const neg = max(mul(sub(1, t), p), -1);
    return maximum(add(sub(neg, pos), 1), 0);
  });
}
