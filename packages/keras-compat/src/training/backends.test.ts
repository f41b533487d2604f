// The one training loop on every backend available here: the same model, data and seed give the CPU backend's
// loss curve, and 10 epochs of fit leave no tensors or backend buffers behind.
import { describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { AnyBackend } from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { Dense, Dropout, BatchNormalization } from '@tessera/layers';
import { Sequential } from '../engine/sequential.js';

function data(n: number) {
  const rng = new tf.SeededRandom(3);
  const x = Float32Array.from({ length: n * 6 }, () => rng.next() * 2 - 1);
  const y = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) y[i * 3 + ((x[i * 6]! + x[i * 6 + 1]! > 0 ? 1 : 0) + (x[i * 6 + 2]! > 0.3 ? 1 : 0))] = 1;
  return { x, y };
}

async function train(backend: AnyBackend): Promise<{ loss: number[]; valLoss: number[] }> {
  await tf.setBackend(backend);
  tf.setGlobalSeed(21);
  const before = tf.memory().backends[backend.name]!;
  const bufBefore = backend.memory().buffers;
  const { x, y } = data(96);
  const xs = tf.tensor(x, [96, 6]);
  const ys = tf.tensor(y, [96, 3]);
  const model = new Sequential({
    layers: [new Dense({ units: 16, activation: 'relu', inputShape: [6] }), new BatchNormalization(), new Dropout({ rate: 0.2, seed: 4 }), new Dense({ units: 3, activation: 'softmax' })],
  });
  model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const h = await model.fit(xs, ys, { epochs: 10, batchSize: 16, verbose: 0, seed: 9, validationSplit: 0.25 });
  model.dispose();
  tf.dispose([xs, ys]);
  tf.setGlobalSeed(null);
  await backend.flush();
  const after = tf.memory().backends[backend.name]!;
  expect(after.numTensors, `${backend.name}: live tensors after 10 epochs`).toBe(before.numTensors);
  expect(after.numBytes).toBe(before.numBytes);
  expect(backend.memory().buffers, `${backend.name}: backend buffers after 10 epochs`).toBe(bufBefore);
  return { loss: h.history.loss!, valLoss: h.history.val_loss! };
}

const candidates: Array<{ name: string; create: () => Promise<AnyBackend> }> = [
  { name: 'wasm (2 threads)', create: async () => (await import('@tessera/backend-wasm')).wasm({ name: 'wasm-fit', threads: 2 }) },
];
process.env.LP_NATIVE_VECTOR_WIDTH ??= '128';
const gpu = await import('@tessera/backend-webgpu');
if ((await gpu.hasWebGpu()) || process.env.CI) candidates.push({ name: 'webgpu', create: () => gpu.webgpu({ name: 'webgpu-fit' }) });

describe('fit on every backend', () => {
  for (const c of candidates) {
    it(`${c.name}: the CPU loss curve, and 10 epochs leak nothing`, async () => {
      const reference = cpu({ name: 'cpu-fit' });
      const backend = await c.create();
      tf.registerBackend(reference);
      tf.registerBackend(backend);
      try {
        const ref = await train(reference);
        const got = await train(backend);
        got.loss.forEach((l, i) => expect(Math.abs(l - ref.loss[i]!) / ref.loss[i]!, `epoch ${i} loss`).toBeLessThan(1e-4));
        got.valLoss.forEach((l, i) => expect(Math.abs(l - ref.valLoss[i]!) / ref.valLoss[i]!, `epoch ${i} val_loss`).toBeLessThan(1e-4));
      } finally {
        tf.removeBackend('cpu-fit');
        tf.removeBackend(backend.name);
      }
    });
  }
});
