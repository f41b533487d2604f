// Test helpers (not exported from the package): small seeded data and models for the training-loop tests in
// ../training/*.test.ts.
import * as tf from '@tessera/core';
import { Dense, Dropout, resetLayerNames } from '@tessera/layers';
import { Sequential } from '../engine/sequential.js';

/** Three Gaussian blobs in 4-D with one-hot labels (float32 [n, 4], [n, 3]), classes in turn. */
export function blobs3(n: number, seed: number): { x: tf.Tensor; y: tf.Tensor; labels: number[] } {
  const rng = new tf.SeededRandom(seed);
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n * 3);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (j === c ? 2 : 0) + rng.normal() * 0.7;
    y[i * 3 + c] = 1;
    labels.push(c);
  }
  return { x: tf.tensor(x, [n, 4]), y: tf.tensor(y, [n, 3]), labels };
}

/** 4-8-3 softmax classifier, optionally with dropout; weights drawn from the global seed when one is set. */
export function classifier(dropout = 0): Sequential {
  resetLayerNames();
  return new Sequential({
    layers: [
      new Dense({ units: 8, activation: 'relu', inputShape: [4] }),
      ...(dropout > 0 ? [new Dropout({ rate: dropout })] : []),
      new Dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

/** All weight values of a model, flattened, read from the device. */
export async function weightValues(m: Sequential): Promise<number[]> {
  const out: number[] = [];
  for (const v of m.weights) out.push(...(await v.data()));
  return out;
}
