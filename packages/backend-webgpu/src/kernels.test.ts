import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { AnyBackend, Tensor } from '@tessera/core';
import { assertClose } from '@tessera/conformance';
import { cpu } from '@tessera/backend-cpu';
import { webgpu } from './index.js';
import { runGpuTests, SKIP_MESSAGE } from './testing/gpu-available.js';

/**
 * The paths the conformance cases are too small to reach, checked against the CPU backend: workgroup-wide
 * reductions, matMul tiles with ragged edges and vec4 loads, float atomics in scatterAdd, more than 65535
 * workgroups, wide topk, and a long chain of queued work with buffers freed and reused mid-batch.
 */
function seeded(n: number, seed: number): Float32Array {
  const r = new tf.SeededRandom(seed);
  return Float32Array.from({ length: n }, () => r.next() * 2 - 1);
}

const gpuDescribe = runGpuTests ? describe : describe.skip;

gpuDescribe('WebGPU kernels at sizes the conformance cases do not reach', () => {
  let gpu: AnyBackend;
  let ref: AnyBackend;
  beforeAll(async () => {
    gpu = await webgpu({ name: 'webgpu-kernels' });
    ref = cpu({ name: 'cpu-kernels' });
    tf.registerBackend(ref);
    await tf.setBackend(gpu);
  });
  afterAll(() => {
    if (gpu) tf.removeBackend(gpu.name);
    if (ref) tf.removeBackend(ref.name);
  });

  /** Runs `f` on both backends with the same inputs and compares. */
  async function same(shapes: number[][], f: (...xs: Tensor[]) => Tensor, tol = { rtol: 1e-5, atol: 1e-5 }): Promise<void> {
    const values = shapes.map((s, i) => seeded(s.reduce((a, b) => a * b, 1), 100 + i));
    const run = async (b: AnyBackend) => {
      await tf.setBackend(b);
      const xs = values.map((v, i) => tf.tensor(v, shapes[i]!));
      const y = tf.tidy(() => f(...xs));
      const out = await y.data();
      [...xs, y].forEach((t) => t.dispose());
      return out;
    };
    const want = await run(ref);
    const got = await run(gpu);
    await tf.setBackend(gpu);
    assertClose(got, want, tol);
  }

  it('reductions over thousands of elements (workgroup tree), all axes and strided', async () => {
    await same([[3, 5000]], (x) => tf.sum(x, 1));
    await same([[5000, 3]], (x) => tf.sum(x, 0));
    await same([[64, 70, 9]], (x) => tf.max(x, [0, 1]));
    await same([[300, 40]], (x) => tf.mean(tf.transpose(x)), { rtol: 1e-5, atol: 1e-6 });
    await same([[2, 4000]], (x) => tf.cast(tf.argMin(x, 1), 'float32'));
    await same([[2, 4000]], (x) => tf.cast(tf.argMax(tf.reverse(x, 1), 1), 'float32'));
  });

  it('matMul with ragged tiles, vec4 and strided loads, batches and fused epilogues', async () => {
    await same([[37, 45], [45, 29]], (a, b) => tf.matMul(a, b), { rtol: 1e-4, atol: 1e-5 });
    await same([[64, 128], [128, 96]], (a, b) => tf.matMul(a, b), { rtol: 1e-4, atol: 1e-5 });
    await same([[3, 33, 20], [3, 33, 21]], (a, b) => tf.matMul(a, b, true, false), { rtol: 1e-4, atol: 1e-5 });
    await same([[5, 17, 12], [12, 8]], (a, b) => tf.matMul(a, b), { rtol: 1e-4, atol: 1e-5 });
    await same([[40, 24], [24, 36], [36]], (a, b, c) => tf.fused.matMul({ a, b, bias: c, activation: 'relu' }), { rtol: 1e-4, atol: 1e-5 });
    await same([[40, 24], [36, 24], [36]], (a, b, c) => tf.fused.matMul({ a, b, transposeB: true, bias: c, activation: 'sigmoid' }), { rtol: 1e-4, atol: 1e-5 });
  });

  it('scatterAdd sums many updates into few rows (float atomics)', async () => {
    const idx = Int32Array.from({ length: 3000 }, (_, i) => (i * 7) % 5);
    await same([[3000, 6]], (u) => {
      const ids = tf.tensor(idx, [3000], 'int32');
      const r = tf.unsortedSegmentSum(u, ids, 5);
      ids.dispose();
      return r;
    }, { rtol: 1e-4, atol: 1e-4 });
  });

  it('more than 65535 workgroups (the grid spills into y)', async () => {
    const n = 65536 * 64 + 100;
    const x = tf.range(0, n, 1, 'float32');
    const y = tf.add(x, 1);
    const v = await y.data();
    expect(v[0]).toBe(1);
    expect(v[n - 1]).toBe(n);
    expect(v[4194304]).toBe(4194305);
    x.dispose();
    y.dispose();
  });

  it('topk over wide rows', async () => {
    await same([[4, 500]], (x) => tf.topk(x, 7).values);
    await same([[4, 500]], (x) => tf.cast(tf.topk(x, 7).indices, 'float32'));
  });

  it('a chain of 300 queued ops that free their inputs at once', async () => {
    await same([[257]], (x) => {
      let y = tf.mul(x, 1);
      for (let i = 0; i < 300; i++) {
        const next = tf.add(tf.mul(y, 0.99), 0.01);
        y.dispose();
        y = next;
      }
      return y;
    }, { rtol: 1e-5, atol: 1e-6 });
  });
});

if (!runGpuTests) {
  describe('WebGPU kernels at sizes the conformance cases do not reach', () => {
    it.skip(SKIP_MESSAGE, () => {});
  });
}
