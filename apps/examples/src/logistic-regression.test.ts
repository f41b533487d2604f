import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { trainLogisticRegression, twoClassData } from './logistic-regression.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

/** The same loop written in TensorFlow.js: identical data, zero init, full-batch gradient descent. */
function tfjsLogisticRegression(n: number, epochs: number, lr: number, seed: number) {
  const data = twoClassData(n, seed);
  return tfjs.tidy(() => {
    const x = tfjs.tensor2d(data.x, [n, 2]);
    const y = tfjs.tensor2d(data.y, [n, 1]);
    let w: tfjs.Tensor = tfjs.zeros([2, 1]);
    let b: tfjs.Tensor = tfjs.scalar(0);
    const f = tfjs.grads((wt: tfjs.Tensor, bt: tfjs.Tensor) => {
      const p = tfjs.sigmoid(tfjs.matMul(x, wt).add(bt));
      return y.mul(p.log()).add(tfjs.sub(1, y).mul(tfjs.sub(1, p).log())).mean().neg() as tfjs.Scalar;
    });
    for (let i = 0; i < epochs; i++) {
      const [gw, gb] = f([w, b]);
      w = w.sub(gw!.mul(lr));
      b = b.sub(gb!.mul(lr));
    }
    return { w: Array.from(w.dataSync()), b: b.dataSync()[0]! };
  });
}

describe('logistic regression (course example)', () => {
  it('reaches the same weights as the same loop in TensorFlow.js, to 1e-5', async () => {
    const ours = await trainLogisticRegression({ n: 200, epochs: 100, learningRate: 0.001, seed: 7 });
    const theirs = tfjsLogisticRegression(200, 100, 0.001, 7);
    ours.w.forEach((v, i) => expect(Math.abs(v - theirs.w[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(theirs.w[i]!))));
    expect(Math.abs(ours.b - theirs.b)).toBeLessThanOrEqual(1e-5);
    // and it learns: both weights point towards class 1, and the loss falls every epoch
    expect(ours.w[0]).toBeGreaterThan(0);
    expect(ours.w[1]).toBeGreaterThan(0);
    for (let i = 1; i < ours.losses.length; i++) expect(ours.losses[i]).toBeLessThan(ours.losses[i - 1]!);
  });

  it('matches TensorFlow.js with a larger learning rate too', async () => {
    const ours = await trainLogisticRegression({ n: 100, epochs: 50, learningRate: 0.5, seed: 3 });
    const theirs = tfjsLogisticRegression(100, 50, 0.5, 3);
    ours.w.forEach((v, i) => expect(Math.abs(v - theirs.w[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(theirs.w[i]!))));
    expect(Math.abs(ours.b - theirs.b)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(theirs.b)));
  });

  it('leaks no tensors over 1,000 training steps', async () => {
    const before = tf.memory();
    await trainLogisticRegression({ n: 64, epochs: 1000, learningRate: 0.01, seed: 11 });
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
