import * as tf from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';

/** Two Gaussian blobs, class 0 around (-1,-1) and class 1 around (1,1): the course's synthetic data. */
export function twoClassData(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = new tf.SeededRandom(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const c = label ? 1 : -1;
    x[2 * i] = c + rng.normal();
    x[2 * i + 1] = c + rng.normal();
    y[i] = label;
  }
  return { x, y };
}

/** Mean binary cross-entropy of sigmoid(x·w + b), written out as in the course. */
export function logisticLoss(x: tf.Tensor, y: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const p = tf.sigmoid(tf.matMul(x, w).add(b));
  const ll = y.mul(p.log()).add(tf.sub(1, y).mul(tf.sub(1, p).log()));
  return ll.mean().neg();
}

export interface LogisticResult {
  w: number[];
  b: number;
  losses: number[];
}

/** Plain gradient descent with valueAndGrads: every epoch is one full-batch step. */
export async function trainLogisticRegression(opts: { n?: number; epochs?: number; learningRate?: number; seed?: number } = {}): Promise<LogisticResult> {
  const { n = 200, epochs = 100, learningRate = 0.001, seed = 7 } = opts;
  const data = twoClassData(n, seed);
  const x = tf.tensor(data.x, [n, 2]);
  const y = tf.tensor(data.y, [n, 1]);
  // Variables alias their initial value; tidy disposes the initial tensors and leaves the (kept) variables.
  const w = tf.tidy(() => tf.variable(tf.zeros([2, 1])));
  const b = tf.tidy(() => tf.variable(tf.scalar(0)));
  const losses: number[] = [];
  const lossGrads = valueAndGrads((wt: tf.Tensor, bt: tf.Tensor) => logisticLoss(x, y, wt, bt));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const loss = tf.tidy(() => {
      const { value, grads } = lossGrads([w, b]);
      w.assign(w.sub(grads[0]!.mul(learningRate)));
      b.assign(b.sub(grads[1]!.mul(learningRate)));
      return value;
    });
    losses.push((await loss.data())[0]!);
    loss.dispose();
  }
  const result = { w: Array.from(await w.data()), b: (await b.data())[0]!, losses };
  [x, y, w, b].forEach((t) => t.dispose());
  return result;
}
