import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';

/** Per-sample metric functions (Keras's keras.metrics.*), each giving one value per sample. */

function lastAxisMean(x: Tensor): Tensor {
  return x.rank > 1 ? tf.mean(x, -1) : x;
}

export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  const pred = tf.cast(tf.greater(yPred, threshold), 'float32');
  return lastAxisMean(tf.cast(tf.equal(tf.cast(yTrue, 'float32'), pred), 'float32'));
}

export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), 'float32');
}

/** Labels as class indices ([batch] or [batch, 1]); predictions as scores [batch, classes]. */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  const labels = tf.cast(yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [yTrue.rank - 1]) : yTrue, 'int32');
  return tf.cast(tf.equal(labels, tf.argMax(yPred, -1)), 'float32');
}

export function topKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  return sparseTopKCategoricalAccuracy(tf.argMax(yTrue, -1), yPred, k);
}

/** 1 where the true class scores among the k largest (ties counted in the label's favour, as TensorFlow). */
export function sparseTopKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  const labels = tf.cast(yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [yTrue.rank - 1]) : yTrue, 'int32');
  const classes = yPred.shape[yPred.rank - 1]!;
  const trueScore = tf.sum(tf.mul(yPred, tf.oneHot(labels, classes, 1, 0, yPred.dtype)), -1, true);
  const better = tf.sum(tf.cast(tf.greater(yPred, trueScore), 'float32'), -1);
  return tf.cast(tf.less(better, k), 'float32');
}

export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  return lastAxisMean(tf.squaredDifference(yPred, tf.cast(yTrue, yPred.dtype)));
}

export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  return lastAxisMean(tf.abs(tf.sub(yPred, tf.cast(yTrue, yPred.dtype))));
}
