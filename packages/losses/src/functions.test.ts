import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { grad } from '@tessera/autograd';
import * as L from './index.js';

beforeAll(async () => {
  if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
  else await tf.setBackend(cpu());
});

let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

/** Reads and disposes. */
const read = (t: tf.Tensor): number[] => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};
const close = (got: number[], want: number[], digits = 5) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, digits));
};

describe('regression losses (hand-computed)', () => {
  const yTrue = [[0, 1], [0, 0]];
  const yPred = [[1, 1], [1, 0]];

  it('meanSquaredError and meanAbsoluteError take the mean over the last axis', () => {
    close(read(L.meanSquaredError(yTrue, yPred)), [0.5, 0.5]);
    close(read(L.meanAbsoluteError(yTrue, [[0.5, 1], [0, -2]])), [0.25, 1]);
  });

  it('meanAbsolutePercentageError guards zero labels with epsilon', () => {
    close(read(L.meanAbsolutePercentageError([[1, 2]], [[1.5, 1]])), [50]);
    // |0 - 1e-7| / max(0, 1e-7) = 1 → 100
    close(read(L.meanAbsolutePercentageError([[0]], [[1e-7]])), [100], 3);
  });

  it('meanSquaredLogarithmicError', () => {
    close(read(L.meanSquaredLogarithmicError([[0]], [[Math.E - 1]])), [1]);
    // negative values are replaced by epsilon
    close(read(L.meanSquaredLogarithmicError([[-5]], [[-3]])), [0]);
  });

  it('huber (Keras docstring: 0.155 as the batch mean)', () => {
    const v = read(L.huber([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]));
    close(v, [0.18, 0.13]);
    close(read(L.huber([[0]], [[3]], 2)), [2 * 3 - 0.5 * 4]);
    expect(() => L.huber([[0]], [[1]], -1)).toThrow(/huber: invalid value for argument `delta`/);
  });

  it('logCosh (Keras docstring: 0.108 as the batch mean) and does not overflow', () => {
    close(read(L.logCosh([[0, 1], [0, 0]], [[1, 1], [0, 0]])), [Math.log(Math.cosh(1)) / 2, 0]);
    close(read(L.logCosh([[0]], [[1000]])), [1000 - Math.LN2], 2);
  });

  it('cosineSimilarity (Keras docstring) and a zero vector gives 0 with a zero gradient', () => {
    close(read(L.cosineSimilarity([[0, 1], [1, 1], [1, 1]], [[1, 0], [1, 1], [-1, -1]])), [0, -1, 1]);
    close(read(L.cosineSimilarity([[1, 2, 3]], [[0, 0, 0]])), [0]);
    const yt = tf.tensor([[1, 2, 3]]);
    const z = tf.zeros([1, 3]);
    const g = read(grad((p) => L.cosineSimilarity(yt, p).sum())(z));
    g.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    tf.dispose([yt, z]);
    // Keras 3 divides by max(‖x‖, ε): a tiny vector still normalizes to unit length (tfjs clamps at √ε instead).
    close(read(L.cosineSimilarity([[1e-5, 0]], [[1, 0]])), [-1]);
  });

  it('cosineSimilarity along another axis', () => {
    close(read(L.cosineSimilarity([[1, 0], [0, 1]], [[1, 0], [0, 1]], 0)), [-1, -1]);
  });
});

describe('probabilistic losses (hand-computed)', () => {
  it('binaryCrossentropy (Keras docstring: [0.916, 0.714])', () => {
    close(read(L.binaryCrossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])), [
      -(Math.log(0.4) + Math.log(0.4)) / 2,
      -(Math.log(0.6) + Math.log(0.4)) / 2,
    ]);
  });

  it('binaryCrossentropy clips probabilities at 1e-7', () => {
    // p = 0 with label 1 → -log(1e-7) ≈ 16.118
    close(read(L.binaryCrossentropy([[1]], [[0]])), [-Math.log(1e-7)], 3);
  });

  it('binaryCrossentropy from logits is stable and matches the sigmoid form', () => {
    const x = 0.7;
    const z = 0.25;
    const p = 1 / (1 + Math.exp(-x));
    close(read(L.binaryCrossentropy([[z]], [[x]], { fromLogits: true })), [-(z * Math.log(p) + (1 - z) * Math.log(1 - p))]);
    // Huge logits: no overflow, no log(0).
    close(read(L.binaryCrossentropy([[0, 1]], [[100, -100]], true)), [100], 4);
  });

  it('binaryCrossentropy from logits differentiates correctly at x = 0: sigmoid(0) - z', () => {
    const yt = tf.tensor([[1, 0]]);
    const x0 = tf.zeros([1, 2]);
    close(read(grad((x) => L.binaryCrossentropy(yt, x, { fromLogits: true }).sum())(x0)), [-0.25, 0.25]);
    tf.dispose([yt, x0]);
  });

  it('binaryCrossentropy label smoothing moves labels towards 0.5', () => {
    const a = read(L.binaryCrossentropy([[1]], [[0.9]], { labelSmoothing: 0.2 }));
    const z = 1 * 0.8 + 0.1;
    close(a, [-(z * Math.log(0.9) + (1 - z) * Math.log(0.1))]);
  });

  it('binaryCrossentropy averages over `axis`', () => {
    const v = read(L.binaryCrossentropy([[1, 0], [1, 1]], [[0.5, 0.5], [0.5, 0.5]], { axis: 0 }));
    close(v, [Math.LN2, Math.LN2]);
  });

  it('categoricalCrossentropy (Keras docstring: [0.0513, 2.303]) renormalizes rows', () => {
    const yt = [[0, 1, 0], [0, 0, 1]];
    close(read(L.categoricalCrossentropy(yt, [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), [-Math.log(0.95), -Math.log(0.1)], 4);
    close(read(L.categoricalCrossentropy([[0, 1]], [[1, 3]])), [-Math.log(0.75)]);
  });

  it('categoricalCrossentropy from logits uses log-softmax (no overflow)', () => {
    close(read(L.categoricalCrossentropy([[0, 0, 1]], [[-1, 0.5, 2]], { fromLogits: true })), [0.24131129665715711]);
    close(read(L.categoricalCrossentropy([[1, 0]], [[1000, 0]], true)), [0]);
  });

  it('categoricalCrossentropy from logits: the label gradient is -logSoftmax', () => {
    const x = tf.tensor([[-1, 0.5, 2]]);
    const y0 = tf.tensor([[0, 0, 1]]);
    const g = read(grad((y) => L.categoricalCrossentropy(y, x, { fromLogits: true }).sum())(y0));
    const lse = Math.log(Math.exp(-1) + Math.exp(0.5) + Math.exp(2));
    close(g, [lse + 1, lse - 0.5, lse - 2]);
    tf.dispose([x, y0]);
  });

  it('categoricalCrossentropy label smoothing: y(1-s) + s/C', () => {
    const s = 0.1;
    const y = [s / 3, s / 3, 1 - s + s / 3];
    const p = [0.2, 0.3, 0.5];
    close(read(L.categoricalCrossentropy([[0, 0, 1]], [p], { labelSmoothing: s })), [-y.reduce((a, yi, i) => a + yi * Math.log(p[i]!), 0)]);
  });

  it('categoricalCrossentropy along axis 0', () => {
    close(read(L.categoricalCrossentropy([[1, 0], [0, 1]], [[0.25, 0.5], [0.75, 0.5]], { axis: 0 })), [-Math.log(0.25), -Math.log(0.5)]);
  });

  it('sparseCategoricalCrossentropy accepts [batch] and [batch, 1] labels', () => {
    const yp = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
    const want = [-Math.log(0.95), -Math.log(0.1)];
    close(read(L.sparseCategoricalCrossentropy([1, 2], yp)), want, 4);
    close(read(L.sparseCategoricalCrossentropy([[1], [2]], yp)), want, 4);
    const labels = tf.tensor([1, 2], [2], 'int32');
    close(read(L.sparseCategoricalCrossentropy(labels, yp)), want, 4);
    labels.dispose();
  });

  it('sparseCategoricalCrossentropy from logits is 0.2413 (tfjs 4.22 clips the logits and gets 0.680)', () => {
    close(read(L.sparseCategoricalCrossentropy([2], [[-1, 0.5, 2]], { fromLogits: true })), [0.24131129665715711], 6);
  });

  it('sparseCategoricalCrossentropy over extra axes, ignoreClass and out-of-range labels', () => {
    const yp = tf.tensor([[[0.5, 0.5], [0.25, 0.75]]]);
    close(read(L.sparseCategoricalCrossentropy([[0, 1]], yp)), [Math.LN2, -Math.log(0.75)]);
    close(read(L.sparseCategoricalCrossentropy([[0, -1]], yp, { ignoreClass: -1 })), [Math.LN2, 0]);
    const bad = read(L.sparseCategoricalCrossentropy([[0, 5]], yp));
    expect(bad[0]).toBeCloseTo(Math.LN2, 5);
    expect(bad[1]).toBeNaN();
    yp.dispose();
  });

  it('poisson and kullbackLeiblerDivergence', () => {
    close(read(L.poisson([[1, 2]], [[1, 4]])), [(1 + 4 - 2 * Math.log(4)) / 2]);
    close(read(L.kullbackLeiblerDivergence([[0.5, 0.5]], [[0.25, 0.75]])), [0.5 * Math.log(2) + 0.5 * Math.log(2 / 3)]);
  });
});

describe('hinge losses (hand-computed)', () => {
  it('hinge converts 0/1 labels to -1/1 (Keras) and keeps other labels', () => {
    close(read(L.hinge([[0, 1]], [[0.3, 0.8]])), [(1.3 + 0.2) / 2]);
    close(read(L.hinge([[-1, 1]], [[0.3, 0.8]])), [(1.3 + 0.2) / 2]);
    close(read(L.hinge([[2, -1]], [[0.3, 0.8]])), [(0.4 + 1.8) / 2]);
  });

  it('squaredHinge', () => {
    close(read(L.squaredHinge([[0, 1]], [[0.3, 0.8]])), [(1.69 + 0.04) / 2]);
  });

  it('categoricalHinge', () => {
    close(read(L.categoricalHinge([[0, 1, 0]], [[0.5, 0.2, 0.1]])), [1.3]);
    close(read(L.categoricalHinge([[0, 1, 0]], [[0.1, 3, 0.1]])), [0]);
  });
});

describe('shapes and errors', () => {
  it('aligns [batch] labels with [batch, 1] predictions instead of broadcasting to [batch, batch]', () => {
    const v = read(L.meanSquaredError([1, 2, 3], [[1], [2], [5]]));
    close(v, [0, 0, 4]);
    close(read(L.binaryCrossentropy([1, 0], [[0.5], [0.5]])), [Math.LN2, Math.LN2]);
  });

  it('names both shapes when they do not fit', () => {
    expect(() => L.meanSquaredError([[1, 2, 3]], [[1, 2]])).toThrow('meanSquaredError: yTrue and yPred must have broadcast-compatible shapes: yTrue is [1,3], yPred is [1,2].');
    expect(() => L.categoricalCrossentropy([[1, 0]], [[0.5, 0.25, 0.25]])).toThrow(
      'categoricalCrossentropy: yTrue and yPred must have the same shape: yTrue is [1,2], yPred is [1,3].',
    );
    expect(() => L.sparseCategoricalCrossentropy([0, 1, 2], [[0.5, 0.5], [0.5, 0.5]])).toThrow(
      /sparseCategoricalCrossentropy: yTrue must have the shape of yPred without its last \(class\) axis.*yTrue is \[3\], yPred is \[2,2\]/,
    );
  });

  it('validates options', () => {
    expect(() => L.binaryCrossentropy([[1]], [[0.5]], { labelSmoothing: 1.5 })).toThrow(
      'binaryCrossentropy: invalid value for argument `labelSmoothing`. Expected a number between 0 and 1. Received: labelSmoothing=1.5',
    );
    expect(() => L.categoricalCrossentropy([[1]], [[0.5]], { axis: 3 })).toThrow(/categoricalCrossentropy: invalid value for argument `axis`/);
    expect(() => L.sparseCategoricalCrossentropy([0], [[0.5, 0.5]], { axis: 0 })).toThrow(/only the last axis/);
    expect(() => L.sparseCategoricalCrossentropy([0], [[0.5, 0.5]], { ignoreClass: 0.5 })).toThrow(/ignoreClass/);
  });
});
