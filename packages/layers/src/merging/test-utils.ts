// Test helpers for layers without weights that take several inputs (not exported from the package).
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import * as tfjs from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { getMask } from '../engine/layer.js';
import type { Layer } from '../engine/layer.js';
import { expectClose, seededValues } from '../testing/layer-parity.js';

/**
 * Applies both layers to the same inputs (a list, or one tensor when `inputShapes` has one entry and `single` is
 * set) and compares outputs and, unless `forwardOnly`, the gradients of sum(out · w) with respect to every input
 * (tfjs's variableGrads refuses layers without weights, so compareLayerWithTfjs does not fit).
 */
export async function compareWeightlessWithTfjs(opts: {
  ours: Layer;
  theirs: tfjs.layers.Layer;
  inputShapes: number[][];
  single?: boolean;
  training?: boolean;
  forwardOnly?: boolean;
  seed?: number;
  rtol?: number;
  atol?: number;
}): Promise<void> {
  const { ours, theirs, inputShapes, seed = 1, rtol = 1e-5, atol = 1e-6, training = false } = opts;
  const host = inputShapes.map((s, i) => seededValues(s.reduce((a, b) => a * b, 1), seed + i));
  const xs = host.map((v, i) => tf.tensor(v, inputShapes[i]));
  const txs = host.map((v, i) => tfjs.tensor(v, inputShapes[i]));
  // Output masks (Masking, merges of masked inputs) are freed at the end.
  const masks: Tensor[] = [];
  const callOurs = (ins: Tensor[]) => {
    const out = ours.apply(opts.single ? ins[0]! : ins, { training }) as Tensor;
    const m = getMask(out);
    if (m && !masks.includes(m)) masks.push(m);
    return out;
  };
  const callTheirs = (ins: tfjs.Tensor[]) => theirs.apply(opts.single ? ins[0]! : ins, { training }) as tfjs.Tensor;

  const y = callOurs(xs);
  const ty = callTheirs(txs);
  expect([...y.shape], `${ours.name} output shape`).toEqual(ty.shape);
  expectClose(await y.data(), await ty.data(), rtol, atol, `${ours.name} output`);
  const outShape = [...y.shape];
  // Identity layers (dropout at inference) return their input itself.
  if (!xs.includes(y)) y.dispose();
  if (!txs.includes(ty)) ty.dispose();

  if (!opts.forwardOnly) {
    const w = seededValues(outShape.reduce((a, b) => a * b, 1), seed + 100);
    const { value, grads } = valueAndGrads((...ins: Tensor[]) => callOurs(ins).mul(tf.tensor(w, outShape)).sum())(xs);
    const theirGrads = tfjs.grads((...ins: tfjs.Tensor[]) => callTheirs(ins).mul(tfjs.tensor(w, outShape)).sum() as tfjs.Scalar)(txs);
    for (let i = 0; i < xs.length; i++) {
      expect([...grads[i]!.shape]).toEqual(theirGrads[i]!.shape);
      expectClose(await grads[i]!.data(), await theirGrads[i]!.data(), rtol * 10, atol * 10, `${ours.name} d/d input ${i}`);
    }
    value.dispose();
    tf.dispose(grads);
    tfjs.dispose(theirGrads);
  }
  tf.dispose([...xs, ...masks]);
  tfjs.dispose(txs);
}
