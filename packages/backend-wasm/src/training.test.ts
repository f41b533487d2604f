import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { AnyBackend, Tensor } from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import { cpu } from '@tessera/backend-cpu';
import { wasm } from './index.js';

/**
 * A small CNN (conv → relu → maxPool → conv → relu → fused dense) trained with SGD for 50 full-batch steps on
 * the CPU backend and on the WASM backend from the same weights: the loss curves must agree to 1e-4 relative,
 * and the training loop must leave no tensors, buffers or linear-memory blocks behind.
 */

const STEPS = 50;
const N = 16;
const H = 12;
const CLASSES = 3;

function seeded(n: number, seed: number, scale: number): Float32Array {
  const r = new tf.SeededRandom(seed);
  return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * scale);
}

function data() {
  const x = seeded(N * H * H, 1, 1);
  // Labels depend on the image (mean of three horizontal bands), so the net has something to learn.
  const y = new Float32Array(N * CLASSES);
  for (let i = 0; i < N; i++) {
    const band = [0, 0, 0];
    for (let p = 0; p < H * H; p++) band[Math.min(2, Math.floor(Math.floor(p / H) / 4))]! += x[i * H * H + p]!;
    y[i * CLASSES + band.indexOf(Math.max(...band))] = 1;
  }
  return { x, y };
}

const SHAPES = { w1: [3, 3, 1, 8], b1: [8], w2: [3, 3, 8, 16], b2: [16], w3: [4 * 4 * 16, CLASSES], b3: [CLASSES] };

function initialWeights(): Record<keyof typeof SHAPES, Float32Array> {
  return {
    w1: seeded(72, 11, 0.4),
    b1: seeded(8, 12, 0.1),
    w2: seeded(1152, 13, 0.15),
    b2: seeded(16, 14, 0.1),
    w3: seeded(768, 15, 0.08),
    b3: seeded(3, 16, 0.1),
  };
}

function forward(x: Tensor, w: Tensor[]): Tensor {
  const [w1, b1, w2, b2, w3, b3] = w as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  let h = tf.relu(tf.add(tf.conv2d(x, w1, 1, 'same'), b1));
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.relu(tf.add(tf.conv2d(h, w2, 1, 'valid'), b2));
  h = tf.reshape(h, [N, 4 * 4 * 16]);
  return tf.fused.matMul({ a: h, b: w3, bias: b3 });
}

function loss(x: Tensor, y: Tensor, w: Tensor[]): Tensor {
  return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(forward(x, w))), 1)));
}

interface Run {
  losses: number[];
  memoryAfterFirstStep: number;
  memoryAtEnd: number;
  blocksAfterFirstStep: number;
  blocksAtEnd: number;
}

async function train(backend: AnyBackend): Promise<Run> {
  await tf.setBackend(backend);
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = backend.memory().buffers;
  const { x: xs, y: ys } = data();
  const x = tf.tensor(xs, [N, H, H, 1]);
  const y = tf.tensor(ys, [N, CLASSES]);
  const init = initialWeights();
  const params = tf.tidy(() => (Object.keys(SHAPES) as (keyof typeof SHAPES)[]).map((k) => tf.variable(tf.tensor(init[k], SHAPES[k]))));
  const step = valueAndGrads((...w: Tensor[]) => loss(x, y, w));
  const losses: number[] = [];
  let memoryAfterFirstStep = 0;
  let blocksAfterFirstStep = 0;
  for (let s = 0; s < STEPS; s++) {
    const value = tf.tidy(() => {
      const { value, grads } = step(params);
      params.forEach((p, i) => p.assign(tf.sub(p, tf.mul(grads[i]!, 0.1))));
      return value;
    });
    losses.push((await value.data())[0]!);
    value.dispose();
    if (s === 0) {
      memoryAfterFirstStep = Number(backend.memory().wasmMemoryBytes ?? 0);
      blocksAfterFirstStep = Number(backend.memory().blocks ?? 0);
    }
  }
  const memoryAtEnd = Number(backend.memory().wasmMemoryBytes ?? 0);
  const blocksAtEnd = Number(backend.memory().blocks ?? 0);
  [x, y, ...params].forEach((t) => t.dispose());
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(backend.memory().buffers).toBe(buffersBefore);
  return { losses, memoryAfterFirstStep, memoryAtEnd, blocksAfterFirstStep, blocksAtEnd };
}

describe.each([1, 2])('a small CNN on WASM with %i thread(s)', (threads) => {
  let ref: AnyBackend;
  let sut: AnyBackend;
  beforeAll(async () => {
    ref = cpu({ name: `cpu-train-${threads}` });
    sut = await wasm({ name: `wasm-train-${threads}`, threads });
  });
  afterAll(() => {
    tf.removeBackend(ref.name);
    tf.removeBackend(sut.name);
  });

  it('follows the CPU loss curve to 1e-4 relative over 50 SGD steps, leaking nothing', async () => {
    const want = await train(ref);
    const got = await train(sut);
    expect(want.losses[STEPS - 1]!).toBeLessThan(want.losses[0]! * 0.8);
    const worst = Math.max(...got.losses.map((l, i) => Math.abs(l - want.losses[i]!) / Math.abs(want.losses[i]!)));
    expect(worst).toBeLessThan(1e-4);
    // Freed blocks are reused: the linear memory and the live block count stop growing after the first step.
    expect(got.memoryAtEnd).toBe(got.memoryAfterFirstStep);
    const blocksBaseline = Number(sut.memory().blocks);
    expect(blocksBaseline).toBeLessThanOrEqual(got.blocksAfterFirstStep);
    expect(Number(sut.memory().buffers)).toBe(0);
  });
});
