// Test helpers (not exported from the package): compare a Tessera layer with its tfjs-layers twin.
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import * as tfjs from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Layer } from '../engine/layer.js';

export function seededValues(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = new tf.SeededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const err = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (err > worst) {
      worst = err;
      at = i;
    }
  }
  if (at >= 0) {
    expect.fail(`${what}: element ${at} is ${actual[at]}, expected ${expected[at]} (rtol ${rtol}, atol ${atol})`);
  }
}

export interface LayerParityOptions {
  ours: Layer;
  theirs: tfjs.layers.Layer;
  /** Full input shape including batch, or several for multi-input layers. */
  inputShapes: number[][];
  seed?: number;
  rtol?: number;
  atol?: number;
  /** Kwargs for both calls (e.g. { training: false }). */
  training?: boolean;
  /** Skip the gradient comparison (for layers whose tfjs gradient is missing or wrong; say why at the call). */
  forwardOnly?: boolean;
  /** Input value range. */
  range?: [number, number];
}

/**
 * Builds both layers on the same inputs, copies our weights into tfjs's (same order, Keras's), and compares the
 * outputs and the gradients of sum(output · w) with respect to the inputs and every trainable weight.
 */
export async function compareLayerWithTfjs(opts: LayerParityOptions): Promise<void> {
  const { ours, theirs, inputShapes, seed = 1, rtol = 1e-5, atol = 1e-6, training = false } = opts;
  const [lo, hi] = opts.range ?? [-1, 1];
  const hostInputs = inputShapes.map((s, i) => seededValues(s.reduce((a, b) => a * b, 1), seed + i, lo, hi));
  const ourInputs = hostInputs.map((v, i) => tf.tensor(v, inputShapes[i]));
  const theirInputs = hostInputs.map((v, i) => tfjs.tensor(v, inputShapes[i]));
  const single = inputShapes.length === 1;

  const ourOut0 = ours.apply(single ? ourInputs[0]! : ourInputs, { training }) as Tensor;
  const theirOut0 = theirs.apply(single ? theirInputs[0]! : theirInputs, { training }) as tfjs.Tensor;
  ourOut0.dispose();
  theirOut0.dispose();

  // Same weights on both sides.
  const ourWeights = ours.getWeights();
  expect(theirs.getWeights().length, 'weight count').toBe(ourWeights.length);
  const theirWeights = await Promise.all(ourWeights.map(async (w) => tfjs.tensor(await w.data(), [...w.shape])));
  theirs.setWeights(theirWeights);
  ourWeights.forEach((w) => w.dispose());
  theirWeights.forEach((w) => w.dispose());

  const ourOut = ours.apply(single ? ourInputs[0]! : ourInputs, { training }) as Tensor;
  const theirOut = theirs.apply(single ? theirInputs[0]! : theirInputs, { training }) as tfjs.Tensor;
  expect([...ourOut.shape], 'output shape').toEqual(theirOut.shape);
  expectClose(await ourOut.data(), await theirOut.data(), rtol, atol, `${ours.name} output`);
  const outShape = [...ourOut.shape];
  ourOut.dispose();
  theirOut.dispose();
  if (opts.forwardOnly) {
    ourInputs.forEach((t) => t.dispose());
    theirInputs.forEach((t) => t.dispose());
    return;
  }

  const w = seededValues(outShape.reduce((a, b) => a * b, 1), seed + 100);
  const ourVars = ours.trainableWeights;
  const { value, grads } = valueAndGrads((...xs: Tensor[]) => {
    const ins = xs.slice(0, ourInputs.length);
    const out = ours.apply(single ? ins[0]! : ins, { training }) as Tensor;
    return out.mul(tf.tensor(w, outShape)).sum();
  })([...ourInputs, ...ourVars]);
  value.dispose();

  const theirVars = theirs.trainableWeights.map((v) => v.read());
  const theirGrads = tfjs.grads((...xs: tfjs.Tensor[]) => {
    const ins = xs.slice(0, theirInputs.length);
    // tfjs layers read their own variables; route the weight arguments in by assigning them is not possible,
    // so differentiate with respect to the variables through variableGrads below instead.
    const out = theirs.apply(single ? ins[0]! : ins, { training }) as tfjs.Tensor;
    return out.mul(tfjs.tensor(w, outShape)).sum() as tfjs.Scalar;
  })(theirInputs);
  const theirVarGrads = tfjs.variableGrads(() => {
    const out = theirs.apply(single ? theirInputs[0]! : theirInputs, { training }) as tfjs.Tensor;
    return out.mul(tfjs.tensor(w, outShape)).sum() as tfjs.Scalar;
  }, theirs.trainableWeights.map((v) => (v as unknown as { val: tfjs.Variable }).val));
  void theirVars;

  for (let i = 0; i < ourInputs.length; i++) {
    expectClose(await grads[i]!.data(), await theirGrads[i]!.data(), rtol * 10, atol * 10, `${ours.name} d/d input ${i}`);
  }
  const theirNames = theirs.trainableWeights.map((v) => (v as unknown as { val: tfjs.Variable }).val.name);
  for (let k = 0; k < ourVars.length; k++) {
    const g = theirVarGrads.grads[theirNames[k]!];
    expect(g, `tfjs gradient for weight ${k}`).toBeDefined();
    expectClose(await grads[ourInputs.length + k]!.data(), await g!.data(), rtol * 10, atol * 10, `${ours.name} d/d ${ourVars[k]!.name}`);
  }
  grads.forEach((g) => g.dispose());
  theirGrads.forEach((g) => g.dispose());
  Object.values(theirVarGrads.grads).forEach((g) => g.dispose());
  theirVarGrads.value.dispose();
  ourInputs.forEach((t) => t.dispose());
  theirInputs.forEach((t) => t.dispose());
}
