import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tfjs from '@tensorflow/tfjs';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { grads } from '@tessera/autograd';
import * as L from './index.js';

/**
 * Live parity with TensorFlow.js 4.22 (CPU backend): every loss's per-sample values and its gradients (autograd's
 * `grads` against `tf.grads`) agree within 1e-5. tfjs exposes some losses only inside tfjs-layers; those are taken
 * from a compiled model's `lossFunctions`, which is what `model.compile({ loss: 'poisson' })` uses. Where tfjs
 * and Keras disagree, Tessera follows Keras and the case checks a float64 reference of Keras's formula instead.
 */

type Host = { shape: number[]; data: number[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (t: any, p: any) => any;

const TOL = { rtol: 1e-5, atol: 1e-5 };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (shape: number[], lo: number, hi: number, seed: number): Host => {
  const r = rng(seed);
  return { shape, data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * r()) };
};
const signs = (shape: number[], seed: number): Host => {
  const u = uniform(shape, 0, 1, seed);
  return { shape, data: u.data.map((v) => (v < 0.5 ? -1 : 1)) };
};
const bits = (shape: number[], seed: number): Host => {
  const u = uniform(shape, 0, 1, seed);
  return { shape, data: u.data.map((v) => (v < 0.5 ? 0 : 1)) };
};
const labels = (n: number, classes: number, seed: number): number[] => uniform([n], 0, classes, seed).data.map(Math.floor);
const oneHot = (ls: number[], classes: number): Host => ({ shape: [ls.length, classes], data: ls.flatMap((l) => Array.from({ length: classes }, (_, c) => (c === l ? 1 : 0))) });
const rowsNormalized = (h: Host): Host => {
  const c = h.shape[h.shape.length - 1]!;
  const out = [...h.data];
  for (let i = 0; i < out.length; i += c) {
    const s = out.slice(i, i + c).reduce((a, b) => a + b, 0);
    for (let j = 0; j < c; j++) out[i + j]! /= s;
  }
  return { shape: h.shape, data: out };
};

function within(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (!(Math.abs(g - w) <= TOL.atol + TOL.rtol * Math.abs(w))) {
      throw new Error(`${what}: element ${i} is ${g}, expected ${w} (|diff| ${Math.abs(g - w)})`);
    }
  }
}

/** A tfjs-layers loss function, as `compile({ loss: name })` resolves it. */
function layersLoss(name: string): AnyFn {
  const input = tfjs.input({ shape: [1] });
  const m = tfjs.model({ inputs: input, outputs: tfjs.layers.dense({ units: 1 }).apply(input) as tfjs.SymbolicTensor });
  m.compile({ optimizer: 'sgd', loss: name });
  const fn = (m as unknown as { lossFunctions: AnyFn[] }).lossFunctions[0]!;
  m.dispose();
  return fn;
}

interface Case {
  name: string;
  yTrue: Host;
  yPred: Host;
  /** The labels are int32 class indices (no gradient with respect to them). */
  intLabels?: boolean;
  tessera: AnyFn;
  tfjs: AnyFn;
  /** Differentiate with respect to yTrue as well (default: true unless intLabels). */
  gradTrue?: boolean;
}

const NONE = tfjs.Reduction.NONE;

function cases(): Case[] {
  const s = [6, 5];
  const sparse = labels(6, 5, 41);
  return [
    { name: 'meanSquaredError', yTrue: uniform(s, -2, 2, 1), yPred: uniform(s, -2, 2, 2), tessera: L.meanSquaredError, tfjs: tfjs.metrics.meanSquaredError },
    { name: 'meanAbsoluteError', yTrue: uniform(s, -2, 2, 3), yPred: uniform(s, -2, 2, 4), tessera: L.meanAbsoluteError, tfjs: tfjs.metrics.meanAbsoluteError },
    {
      name: 'meanAbsolutePercentageError',
      yTrue: { shape: s, data: uniform(s, 0.5, 2, 5).data.map((v, i) => (i % 3 ? v : -v)) },
      yPred: uniform(s, -2, 2, 6),
      tessera: L.meanAbsolutePercentageError,
      tfjs: tfjs.metrics.meanAbsolutePercentageError,
    },
    {
      name: 'meanSquaredLogarithmicError',
      yTrue: uniform(s, 0, 3, 7),
      yPred: uniform(s, -0.5, 3, 8),
      tessera: L.meanSquaredLogarithmicError,
      tfjs: layersLoss('meanSquaredLogarithmicError'),
    },
    {
      name: 'huber (delta 0.7)',
      yTrue: uniform(s, -2, 2, 9),
      yPred: uniform(s, -2, 2, 10),
      tessera: (t, p) => L.huber(t, p, 0.7),
      tfjs: (t, p) => tfjs.mean(tfjs.losses.huberLoss(t, p, undefined, 0.7, NONE), -1),
    },
    { name: 'logCosh', yTrue: uniform(s, -3, 3, 11), yPred: uniform(s, -3, 3, 12), tessera: L.logCosh, tfjs: layersLoss('logcosh') },
    { name: 'cosineSimilarity', yTrue: uniform(s, -2, 2, 13), yPred: uniform(s, -2, 2, 14), tessera: L.cosineSimilarity, tfjs: tfjs.metrics.cosineProximity },
    { name: 'poisson', yTrue: uniform(s, 0, 3, 15), yPred: uniform(s, 0.1, 3, 16), tessera: L.poisson, tfjs: layersLoss('poisson') },
    {
      name: 'kullbackLeiblerDivergence',
      yTrue: uniform(s, 0.01, 1, 17),
      yPred: uniform(s, 0.01, 1, 18),
      tessera: L.kullbackLeiblerDivergence,
      tfjs: layersLoss('kullbackLeiblerDivergence'),
    },
    { name: 'hinge (±1 labels)', yTrue: signs(s, 19), yPred: uniform(s, -2, 2, 20), tessera: L.hinge, tfjs: layersLoss('hinge') },
    { name: 'squaredHinge (±1 labels)', yTrue: signs(s, 21), yPred: uniform(s, -2, 2, 22), tessera: L.squaredHinge, tfjs: layersLoss('squaredHinge') },
    {
      name: 'categoricalHinge',
      yTrue: oneHot(labels(6, 5, 23), 5),
      yPred: uniform(s, -2, 2, 24),
      tessera: L.categoricalHinge,
      tfjs: layersLoss('categoricalHinge'),
    },
    {
      name: 'binaryCrossentropy (probabilities)',
      yTrue: bits(s, 25),
      yPred: uniform(s, 0.02, 0.98, 26),
      tessera: L.binaryCrossentropy,
      tfjs: tfjs.metrics.binaryCrossentropy,
    },
    {
      name: 'binaryCrossentropy (soft labels)',
      yTrue: uniform(s, 0, 1, 27),
      yPred: uniform(s, 0.02, 0.98, 28),
      tessera: L.binaryCrossentropy,
      tfjs: tfjs.metrics.binaryCrossentropy,
    },
    {
      name: 'binaryCrossentropy (logits, label smoothing 0.1)',
      yTrue: bits(s, 29),
      yPred: uniform(s, -6, 6, 30),
      tessera: (t, p) => L.binaryCrossentropy(t, p, { fromLogits: true, labelSmoothing: 0.1 }),
      tfjs: (t, p) => tfjs.mean(tfjs.losses.sigmoidCrossEntropy(t, p, undefined, 0.1, NONE), -1),
    },
    {
      name: 'categoricalCrossentropy (unnormalized probabilities)',
      yTrue: oneHot(labels(6, 5, 31), 5),
      yPred: uniform(s, 0.05, 1, 32),
      tessera: L.categoricalCrossentropy,
      tfjs: tfjs.metrics.categoricalCrossentropy,
    },
    {
      name: 'categoricalCrossentropy (probabilities, label smoothing 0.2)',
      yTrue: oneHot(labels(6, 5, 33), 5),
      yPred: uniform(s, 0.05, 1, 34),
      tessera: (t, p) => L.categoricalCrossentropy(t, p, { labelSmoothing: 0.2 }),
      // tfjs's metric has no smoothing: give it the smoothed labels y·(1-s) + s/C.
      tfjs: (t, p) => tfjs.metrics.categoricalCrossentropy(tfjs.add(tfjs.mul(t, 0.8), 0.2 / 5), p),
    },
    {
      name: 'categoricalCrossentropy (logits, label smoothing 0.1)',
      yTrue: oneHot(labels(6, 5, 35), 5),
      yPred: uniform(s, -8, 8, 36),
      tessera: (t, p) => L.categoricalCrossentropy(t, p, { fromLogits: true, labelSmoothing: 0.1 }),
      tfjs: (t, p) => tfjs.losses.softmaxCrossEntropy(t, p, undefined, 0.1, NONE),
      // tfjs's softmaxCrossEntropy declares a custom gradient whose label part is dy·(labels - softmax), not the
      // true -dy·logSoftmax; only the logits gradient is comparable (functions.test.ts checks the label one).
      gradTrue: false,
    },
    {
      name: 'sparseCategoricalCrossentropy (probabilities)',
      yTrue: { shape: [6], data: sparse },
      yPred: rowsNormalized(uniform(s, 0.05, 1, 37)),
      intLabels: true,
      tessera: L.sparseCategoricalCrossentropy,
      tfjs: layersLoss('sparseCategoricalCrossentropy'),
    },
    {
      // tfjs's own sparse loss clips logits (wrong); its softmaxCrossEntropy on one-hot labels is the correct value.
      name: 'sparseCategoricalCrossentropy (logits)',
      yTrue: { shape: [6], data: sparse },
      yPred: uniform(s, -8, 8, 38),
      intLabels: true,
      tessera: (t, p) => L.sparseCategoricalCrossentropy(t, p, { fromLogits: true }),
      tfjs: (t, p) => tfjs.losses.softmaxCrossEntropy(tfjs.oneHot(tfjs.cast(t, 'int32'), 5), p, undefined, 0, NONE),
    },
  ];
}

describe('losses: parity with TensorFlow.js 4.22', () => {
  let baseline = 0;
  let tfjsBaseline = 0;
  beforeAll(async () => {
    await tfjs.setBackend('cpu');
    await tfjs.ready();
    if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
    else await tf.setBackend(cpu());
    baseline = tf.memory().numTensors;
    tfjsBaseline = tfjs.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(baseline);
    expect(tfjs.memory().numTensors).toBe(tfjsBaseline);
  });

  for (const c of cases()) {
    it(`${c.name}: values and gradients`, () => {
      const dyHost = uniform(c.yPred.shape.slice(0, -1), 0.5, 1.5, 99);
      const tt = tf.tensor(c.yTrue.data, c.yTrue.shape, c.intLabels ? 'int32' : 'float32');
      const tp = tf.tensor(c.yPred.data, c.yPred.shape);
      const tdy = tf.tensor(dyHost.data, dyHost.shape);
      const jt = tfjs.tensor(c.yTrue.data, c.yTrue.shape);
      const jp = tfjs.tensor(c.yPred.data, c.yPred.shape);
      const jdy = tfjs.tensor(dyHost.data, dyHost.shape);
      try {
        const mine = c.tessera(tt, tp) as tf.Tensor;
        const theirs = tfjs.tidy(() => c.tfjs(jt, jp) as tfjs.Tensor);
        expect(mine.shape).toEqual(theirs.shape);
        within(mine.dataSync(), theirs.dataSync(), `${c.name} values`);
        mine.dispose();
        theirs.dispose();

        const withTrue = c.gradTrue ?? !c.intLabels;
        const gMine = withTrue
          ? grads((a, b) => tf.sum(tf.mul(c.tessera(a, b), tdy)))([tt, tp])
          : grads((b) => tf.sum(tf.mul(c.tessera(tt, b), tdy)))([tp]);
        const gTheirs = withTrue
          ? tfjs.grads((a, b) => tfjs.sum(tfjs.mul(c.tfjs(a, b), jdy)))([jt, jp])
          : tfjs.grads((b) => tfjs.sum(tfjs.mul(c.tfjs(jt, b), jdy)))([jp]);
        gMine.forEach((g, i) => within(g.dataSync(), gTheirs[i]!.dataSync(), `${c.name} gradient ${i}`));
        tf.dispose(gMine);
        tfjs.dispose(gTheirs);
      } finally {
        tf.dispose([tt, tp, tdy]);
        tfjs.dispose([jt, jp, jdy]);
      }
    });
  }
});

describe('losses: where tfjs differs from Keras, Tessera matches a float64 reference of Keras', () => {
  let baseline = 0;
  let tfjsBaseline = 0;
  beforeAll(() => {
    baseline = tf.memory().numTensors;
    tfjsBaseline = tfjs.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(baseline);
    expect(tfjs.memory().numTensors).toBe(tfjsBaseline);
  });
  const readAll = (t: tf.Tensor): number[] => {
    const v = Array.from(t.dataSync());
    t.dispose();
    return v;
  };

  it('sparseCategoricalCrossentropy from logits: 0.2413, where tfjs 4.22 clips the logits and gets 0.680', () => {
    // Keras: -log softmax(x)[y] = logSumExp(x) - x[y]
    const x = [-1, 0.5, 2];
    const ref = Math.log(x.reduce((a, v) => a + Math.exp(v), 0)) - x[2]!;
    expect(ref).toBeCloseTo(0.2413, 4);
    within(readAll(L.sparseCategoricalCrossentropy([2], [x], { fromLogits: true })), [ref], 'sparse from logits');
    // tfjs's formula, written out: clip the logits to [1e-7, 1-1e-7], then softmax.
    const c = x.map((v) => Math.min(Math.max(v, 1e-7), 1 - 1e-7));
    const tfjsValue = Math.log(c.reduce((a, v) => a + Math.exp(v), 0)) - c[2]!;
    expect(tfjsValue).toBeCloseTo(0.680, 3);
  });

  it('hinge with 0/1 labels: Keras maps them to -1/1, tfjs-layers does not', () => {
    const t = bits([4, 3], 51);
    const p = uniform([4, 3], -2, 2, 52);
    const ref: number[] = [];
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += Math.max(1 - (2 * t.data[i * 3 + j]! - 1) * p.data[i * 3 + j]!, 0);
      ref.push(s / 3);
    }
    within(readAll(tf.tidy(() => L.hinge(tf.tensor(t.data, t.shape), tf.tensor(p.data, p.shape)))), ref, 'hinge 0/1');
    const theirs = tfjs.tidy(() => layersLoss('hinge')(tfjs.tensor(t.data, t.shape), tfjs.tensor(p.data, p.shape)) as tfjs.Tensor);
    expect(Array.from(theirs.dataSync()).some((v, i) => Math.abs(v - ref[i]!) > 1e-3)).toBe(true);
    tfjs.dispose(theirs);
  });

  it('cosineSimilarity of a short vector: Keras divides by max(‖x‖, ε), tfjs by sqrt(max(Σx², ε))', () => {
    const yTrue = [[3e-5, 4e-5]];
    const yPred = [[3, 4]];
    within(readAll(L.cosineSimilarity(yTrue, yPred)), [-1], 'cosine short');
    const theirs = tfjs.tidy(() => tfjs.metrics.cosineProximity(tfjs.tensor(yTrue), tfjs.tensor(yPred)));
    // ‖yTrue‖ = 5e-5 < √1e-7 ≈ 3.2e-4, so tfjs shrinks the normalized vector: -5e-5/3.16e-4 ≈ -0.158
    expect(theirs.dataSync()[0]).toBeCloseTo(-5e-5 / Math.sqrt(1e-7), 3);
    tfjs.dispose(theirs);
  });
});
