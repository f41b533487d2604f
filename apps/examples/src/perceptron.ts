import * as tf from '@tessera/core';

/**
 * The course's first model: one neuron computing y = sigmoid(1 + 3·x1 − 2·x2) for a batch of inputs,
 * written with tensor ops (a matMul with the weight column plus the bias, then the sigmoid).
 */
export async function perceptron(): Promise<{ inputs: number[][]; outputs: number[] }> {
  const inputs = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [2, -1],
  ];
  const y = tf.tidy(() => {
    const x = tf.tensor2d(inputs);
    const w = tf.tensor2d([[3], [-2]]);
    const b = tf.scalar(1);
    return tf.sigmoid(tf.matMul(x, w).add(b)).reshape([inputs.length]);
  });
  const outputs = Array.from(await y.data());
  y.dispose();
  return { inputs, outputs };
}
