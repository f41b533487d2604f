// Test helpers (not exported from the package): the same model in Tessera and in tfjs-layers 4.22, same weights,
// same data, stepped side by side with trainOnBatch.
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Model } from '../engine/model.js';

export interface HostData {
  x: Float32Array;
  y: Float32Array;
  xShape: number[];
  yShape: number[];
}

/** Uniform values in [lo, hi) from Tessera's seeded generator (host arrays; each library gets its own copy). */
export function seededValues(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = new tf.SeededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
}

/**
 * n samples of `featureShape` with one-hot labels from a fixed random linear teacher (argmax of x·W), so the
 * problem is learnable and the loss curve means something.
 */
export function teacherData(n: number, featureShape: number[], classes: number, seed: number): HostData {
  const d = featureShape.reduce((a, b) => a * b, 1);
  const x = seededValues(n * d, seed);
  const w = seededValues(d * classes, seed + 1000);
  const y = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j]! * w[j * classes + c]!;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    y[i * classes + best] = 1;
  }
  return { x, y, xShape: [n, ...featureShape], yShape: [n, classes] };
}

/**
 * n images [8, 8, 1] of three classes (a bright row, a bright column, a bright diagonal, at a random offset) on
 * uniform noise in [0, 0.3), with one-hot labels: easy for a small CNN.
 */
export function barImages(n: number, seed: number, size = 8): HostData {
  const rng = new tf.SeededRandom(seed);
  const x = new Float32Array(n * size * size);
  const y = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const k = Math.floor(rng.next() * size);
    for (let r = 0; r < size; r++) {
      for (let q = 0; q < size; q++) {
        const on = c === 0 ? r === k : c === 1 ? q === k : (r + q + k) % size === 0;
        x[(i * size + r) * size + q] = 0.3 * rng.next() + (on ? 0.7 : 0);
      }
    }
    y[i * 3 + c] = 1;
  }
  return { x, y, xShape: [n, size, size, 1], yShape: [n, 3] };
}

/** Copies our model's weights (Keras's order: per layer, kernel then bias) into the tfjs model. */
export async function copyWeights(ours: Model, theirs: tfjs.LayersModel): Promise<void> {
  const ws = ours.getWeights();
  expect(theirs.getWeights().length, 'tfjs weight count').toBe(ws.length);
  const copies = await Promise.all(ws.map(async (w) => tfjs.tensor(await w.data(), [...w.shape])));
  theirs.getWeights().forEach((w, i) => expect(w.shape, `weight ${i} shape`).toEqual([...ws[i]!.shape]));
  theirs.setWeights(copies);
  tf.dispose(ws);
  tfjs.dispose(copies);
}

/** Row batches [start, size) of a host array set. */
function rows(data: Float32Array, shape: number[], start: number, size: number): { values: Float32Array; shape: number[] } {
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  return { values: data.slice(start * per, (start + size) * per), shape: [size, ...shape.slice(1)] };
}

export interface Curves {
  ours: number[];
  theirs: number[];
  /** The first metric (accuracy) per step when the models were compiled with one. */
  oursMetric: number[];
  theirsMetric: number[];
}

const first = (r: number | number[]): number => (Array.isArray(r) ? r[0]! : r);
const second = (r: number | number[]): number => (Array.isArray(r) ? r[1]! : NaN);

/**
 * `steps` optimizer steps on both models, cycling through the batches in order (no shuffling); returns each
 * side's per-step losses as trainOnBatch reports them (the loss of the batch before the update).
 */
export async function stepBoth(ours: Model, theirs: tfjs.LayersModel, data: HostData, batchSize: number, steps: number): Promise<Curves> {
  const n = data.xShape[0]!;
  const batches: Array<{ ox: Tensor; oy: Tensor; tx: tfjs.Tensor; ty: tfjs.Tensor }> = [];
  for (let s = 0; s < n; s += batchSize) {
    const size = Math.min(batchSize, n - s);
    const bx = rows(data.x, data.xShape, s, size);
    const by = rows(data.y, data.yShape, s, size);
    batches.push({ ox: tf.tensor(bx.values, bx.shape), oy: tf.tensor(by.values, by.shape), tx: tfjs.tensor(bx.values, bx.shape), ty: tfjs.tensor(by.values, by.shape) });
  }
  const out: Curves = { ours: [], theirs: [], oursMetric: [], theirsMetric: [] };
  try {
    for (let step = 0; step < steps; step++) {
      const b = batches[step % batches.length]!;
      const o = await ours.trainOnBatch(b.ox, b.oy);
      const t = await theirs.trainOnBatch(b.tx, b.ty);
      out.ours.push(first(o));
      out.theirs.push(first(t));
      out.oursMetric.push(second(o));
      out.theirsMetric.push(second(t));
    }
  } finally {
    for (const b of batches) {
      tf.dispose([b.ox, b.oy]);
      tfjs.dispose([b.tx, b.ty]);
    }
  }
  return out;
}

/** |a − b| ≤ rtol·|b| for every point of two loss curves, reporting the first step that is off. */
export function expectCurvesClose(ours: number[], theirs: number[], rtol: number, what: string): void {
  expect(ours.length, `${what}: length`).toBe(theirs.length);
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (!(Math.abs(a - b) <= rtol * Math.abs(b))) {
      expect.fail(`${what}: step ${i}: Tessera ${a}, tfjs ${b} (relative difference ${Math.abs(a - b) / Math.abs(b)}, allowed ${rtol})`);
    }
  }
}

/** |a − b| ≤ tol·max(1, |b|) elementwise (relative for large values, absolute for probabilities near 0). */
export function expectValuesClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, tol: number, what: string): void {
  expect(ours.length, `${what}: length`).toBe(theirs.length);
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)))) {
      expect.fail(`${what}: element ${i}: Tessera ${a}, tfjs ${b} (difference ${Math.abs(a - b)}, allowed ${tol})`);
    }
  }
}

/**
 * Keras 3's Adam written with tfjs ops, for comparing at Keras's default ε (tfjs's own Adam adds ε to the
 * bias-corrected √v̂; Keras adds it to the uncorrected √v): m ← m + (g − m)(1 − β₁), v ← v + (g² − v)(1 − β₂),
 * α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), x ← x − α·m/(√v + ε).
 */
export class KerasAdamForTfjs extends tfjs.Optimizer {
  static className = 'KerasAdamForTfjs';
  private readonly slots = new Map<string, { m: tfjs.Variable; v: tfjs.Variable }>();
  private t = 0;

  constructor(
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    super();
  }

  applyGradients(variableGradients: tfjs.NamedTensorMap | Array<{ name: string; tensor: tfjs.Tensor }>): void {
    const grads: Array<[string, tfjs.Tensor]> = Array.isArray(variableGradients) ? variableGradients.map((g) => [g.name, g.tensor]) : Object.entries(variableGradients);
    this.t++;
    const alpha = (this.lr * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    tfjs.tidy(() => {
      for (const [name, g] of grads) {
        const x = tfjs.engine().registeredVariables[name]!;
        let s = this.slots.get(name);
        if (!s) {
          s = { m: tfjs.variable(tfjs.zerosLike(x), false), v: tfjs.variable(tfjs.zerosLike(x), false) };
          this.slots.set(name, s);
        }
        const m = tfjs.add(s.m, tfjs.mul(tfjs.sub(g, s.m), 1 - this.beta1));
        const v = tfjs.add(s.v, tfjs.mul(tfjs.sub(tfjs.square(g), s.v), 1 - this.beta2));
        s.m.assign(m);
        s.v.assign(v);
        x.assign(tfjs.sub(x, tfjs.div(tfjs.mul(m, alpha), tfjs.add(tfjs.sqrt(v), this.epsilon))));
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    for (const s of this.slots.values()) tfjs.dispose([s.m, s.v]);
    this.slots.clear();
  }

  getConfig(): tfjs.serialization.ConfigDict {
    return { learningRate: this.lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
