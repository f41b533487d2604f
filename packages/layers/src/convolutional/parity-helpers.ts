// Test helpers (not exported from the package) for what compareLayerWithTfjs cannot cover: channels_first layers
// whose tfjs-layers twin mishandles channelsFirst (checked against our channels_last layer, itself compared with
// tfjs), gradients tfjs cannot take (dilated convolutions), checked by finite differences, and layers without weights.
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { gradcheck, valueAndGrads } from '@tessera/autograd';
import * as tfjs from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Layer } from '../engine/layer.js';
import { expectClose, seededValues } from '../testing/layer-parity.js';

/** [0, rank−1, 1, …, rank−2]: channels_last → channels_first. */
export const toFirstPerm = (rank: number): number[] => [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
/** [0, 2, …, rank−1, 1]: channels_first → channels_last. */
export const toLastPerm = (rank: number): number[] => [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];

/**
 * Applies `first` (channels_first) and `last` (channels_last, same weights) to the same data and compares outputs
 * and gradients (input and weights) once the layouts are aligned. `inputShape` is the channels_last shape.
 */
export async function compareChannelsFirst(opts: { last: Layer; first: Layer; inputShape: number[]; seed?: number; rtol?: number; atol?: number }): Promise<void> {
  const { last, first, inputShape, seed = 3, rtol = 1e-5, atol = 1e-6 } = opts;
  const rank = inputShape.length;
  const xLast = tf.tensor(seededValues(inputShape.reduce((a, b) => a * b, 1), seed), inputShape);
  const xFirst = tf.transpose(xLast, toFirstPerm(rank));
  last.apply(xLast).dispose();
  first.apply(xFirst).dispose();
  const ws = last.getWeights();
  first.setWeights(ws);
  ws.forEach((w) => w.dispose());

  // Outputs of rank ≥ 3 carry channels to move; global pooling without keepdims gives [batch, channels].
  const alignFirst = (y: Tensor) => (y.rank >= 3 ? tf.transpose(y, toLastPerm(y.rank)) : y);
  const yLast = last.apply(xLast);
  const yFirst = first.apply(xFirst);
  const yAligned = alignFirst(yFirst);
  expect([...yAligned.shape]).toEqual([...yLast.shape]);
  expectClose(await yAligned.data(), await yLast.data(), rtol, atol, `${first.name} output vs channels_last`);
  const outShape = [...yLast.shape];
  [yLast, yFirst, yAligned].forEach((t) => t.dispose());

  const w = tf.tensor(seededValues(outShape.reduce((a, b) => a * b, 1), seed + 100), outShape);
  const lastGrads = valueAndGrads((x: Tensor, ..._ws: Tensor[]) => last.apply(x).mul(w).sum())([xLast, ...last.trainableWeights]);
  const firstGrads = valueAndGrads((x: Tensor, ..._ws: Tensor[]) => alignFirst(first.apply(x)).mul(w).sum())([xFirst, ...first.trainableWeights]);
  const dxAligned = tf.transpose(firstGrads.grads[0]!, toLastPerm(rank));
  expectClose(await dxAligned.data(), await lastGrads.grads[0]!.data(), rtol * 10, atol * 10, `${first.name} d/d input vs channels_last`);
  for (let k = 1; k < lastGrads.grads.length; k++) {
    expectClose(await firstGrads.grads[k]!.data(), await lastGrads.grads[k]!.data(), rtol * 10, atol * 10, `${first.name} d/d weight ${k - 1}`);
  }
  [w, xLast, xFirst, dxAligned, lastGrads.value, firstGrads.value, ...lastGrads.grads, ...firstGrads.grads].forEach((t) => t.dispose());
}

/** Finite-difference check of a layer's gradient with respect to its input (float64 on the CPU backend). */
export async function gradcheckLayerInput(layer: Layer, inputShape: number[], seed = 5): Promise<void> {
  const x = tf.tensor(seededValues(inputShape.reduce((a, b) => a * b, 1), seed), inputShape);
  layer.apply(x).dispose();
  const res = await gradcheck((xi: Tensor) => layer.apply(xi), [x], { rtol: 1e-4, atol: 1e-5 });
  expect(res.failures.slice(0, 3), `${layer.name} gradcheck`).toEqual([]);
  expect(res.ok).toBe(true);
  x.dispose();
}

/**
 * compareLayerWithTfjs for layers without weights (tfjs's variableGrads refuses an empty variable list): outputs
 * and the gradient with respect to the input.
 */
export async function compareWeightlessLayerWithTfjs(opts: {
  ours: Layer;
  theirs: tfjs.layers.Layer;
  inputShape: number[];
  seed?: number;
  rtol?: number;
  atol?: number;
  /** Compare outputs only (say why at the call), and check our input gradient by finite differences instead. */
  forwardOnly?: boolean;
}): Promise<void> {
  const { ours, theirs, inputShape, seed = 1, rtol = 1e-5, atol = 1e-6 } = opts;
  const n = inputShape.reduce((a, b) => a * b, 1);
  const host = seededValues(n, seed);
  const x = tf.tensor(host, inputShape);
  const tx = tfjs.tensor(host, inputShape);
  const y = ours.apply(x);
  const ty = theirs.apply(tx) as tfjs.Tensor;
  expect([...y.shape], `${ours.name} output shape`).toEqual(ty.shape);
  expectClose(await y.data(), await ty.data(), rtol, atol, `${ours.name} output`);
  const outShape = [...y.shape];
  if (opts.forwardOnly) {
    [x, y].forEach((t) => t.dispose());
    tfjs.dispose([tx, ty]);
    await gradcheckLayerInput(ours, inputShape, seed);
    return;
  }
  const w = seededValues(outShape.reduce((a, b) => a * b, 1), seed + 100);
  const wt = tf.tensor(w, outShape);
  const { value, grads } = valueAndGrads((xi: Tensor) => ours.apply(xi).mul(wt).sum())([x]);
  const [tg] = tfjs.grads((xi: tfjs.Tensor) => (theirs.apply(xi) as tfjs.Tensor).mul(tfjs.tensor(w, outShape)).sum() as tfjs.Scalar)([tx]);
  expectClose(await grads[0]!.data(), await tg!.data(), rtol * 10, atol * 10, `${ours.name} d/d input`);
  [x, y, wt, value, ...grads].forEach((t) => t.dispose());
  tfjs.dispose([tx, ty, tg!]);
}
