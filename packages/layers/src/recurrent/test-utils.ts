// Test helpers for the recurrent layers (not exported from the package).
import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import * as tfjs from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Layer } from '../engine/layer.js';
import { expectClose, seededValues } from '../testing/layer-parity.js';

export interface MultiParityOptions {
  ours: Layer;
  theirs: tfjs.layers.Layer;
  /** Shapes of the differentiated inputs (the sequence first, then e.g. initial states). */
  inputShapes: number[][];
  /** Calls our layer on the inputs; may return several tensors. */
  callOurs: (xs: Tensor[]) => Tensor | Tensor[];
  callTheirs: (xs: tfjs.Tensor[]) => tfjs.Tensor | tfjs.Tensor[];
  seed?: number;
  rtol?: number;
  atol?: number;
}

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/**
 * Like compareLayerWithTfjs, for layers with several outputs or extra call arguments: copies our weights into
 * tfjs's, compares every output, then the gradients of Σ_k sum(out_k · w_k) with respect to every input and every
 * trainable weight.
 */
export async function compareMultiWithTfjs(opts: MultiParityOptions): Promise<void> {
  const { ours, theirs, inputShapes, seed = 1, rtol = 1e-5, atol = 1e-6 } = opts;
  const host = inputShapes.map((s, i) => seededValues(s.reduce((a, b) => a * b, 1), seed + i));
  const ourXs = host.map((v, i) => tf.tensor(v, inputShapes[i]));
  const theirXs = host.map((v, i) => tfjs.tensor(v, inputShapes[i]));

  tf.dispose(opts.callOurs(ourXs));
  tfjs.dispose(opts.callTheirs(theirXs));
  const ws = ours.getWeights();
  expect(theirs.getWeights().length, 'weight count').toBe(ws.length);
  const theirWs = await Promise.all(ws.map(async (w) => tfjs.tensor(await w.data(), [...w.shape])));
  theirs.setWeights(theirWs);
  tf.dispose(ws);
  tfjs.dispose(theirWs);

  const ourOut = asList(opts.callOurs(ourXs));
  const theirOut = asList(opts.callTheirs(theirXs));
  expect(ourOut.length, 'output count').toBe(theirOut.length);
  const shapes = ourOut.map((o) => [...o.shape]);
  for (let k = 0; k < ourOut.length; k++) {
    expect(shapes[k], `output ${k} shape`).toEqual(theirOut[k]!.shape);
    expectClose(await ourOut[k]!.data(), await theirOut[k]!.data(), rtol, atol, `${ours.name} output ${k}`);
  }
  tf.dispose(ourOut);
  tfjs.dispose(theirOut);

  const weights = shapes.map((s, k) => seededValues(s.reduce((a, b) => a * b, 1), seed + 100 + k));
  const ourLoss = (outs: Tensor[]): Tensor => outs.map((o, k) => o.mul(tf.tensor(weights[k]!, shapes[k])).sum()).reduce((a, b) => a.add(b));
  const theirLoss = (outs: tfjs.Tensor[]): tfjs.Scalar =>
    outs.map((o, k) => o.mul(tfjs.tensor(weights[k]!, shapes[k])).sum()).reduce((a, b) => a.add(b)) as tfjs.Scalar;

  const vars = ours.trainableWeights;
  const { value, grads } = valueAndGrads((...args: Tensor[]) => ourLoss(asList(opts.callOurs(args.slice(0, ourXs.length)))))([...ourXs, ...vars]);
  value.dispose();
  const theirInputGrads = tfjs.grads((...xs: tfjs.Tensor[]) => theirLoss(asList(opts.callTheirs(xs))))(theirXs);
  const theirVars = theirs.trainableWeights.map((v) => (v as unknown as { val: tfjs.Variable }).val);
  const theirVarGrads = tfjs.variableGrads(() => theirLoss(asList(opts.callTheirs(theirXs))), theirVars);

  for (let i = 0; i < ourXs.length; i++) {
    expectClose(await grads[i]!.data(), await theirInputGrads[i]!.data(), rtol * 10, atol * 10, `${ours.name} d/d input ${i}`);
  }
  for (let k = 0; k < vars.length; k++) {
    const g = theirVarGrads.grads[theirVars[k]!.name];
    expect(g, `tfjs gradient for weight ${k}`).toBeDefined();
    expectClose(await grads[ourXs.length + k]!.data(), await g!.data(), rtol * 10, atol * 10, `${ours.name} d/d ${ours.weightEntries[k]!.name}`);
  }
  tf.dispose(grads);
  tfjs.dispose(theirInputGrads);
  tfjs.dispose(Object.values(theirVarGrads.grads));
  theirVarGrads.value.dispose();
  tf.dispose(ourXs);
  tfjs.dispose(theirXs);
}
