import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import type { AnyBackend } from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import { cpu } from '@tessera/backend-cpu';
import { webgpu } from './index.js';
import { runGpuTests, SKIP_MESSAGE } from './testing/gpu-available.js';
import { trainMlp, worstRelative } from './testing/mlp.js';
import type { MlpRun } from './testing/mlp.js';

/**
 * The 3-layer MLP of testing/mlp.ts trained for 50 SGD steps on the CPU backend and on WebGPU from the same
 * weights: the loss curves must agree to 1e-4 relative; the loop must leave no tensors or buffers behind, the
 * pool's bytes in use must come back to their baseline, and after the first steps every buffer must come from
 * the pool (no new GPU buffers).
 */
const STEPS = 50;

function expectClean(run: MlpRun): void {
  expect(run.tensorsAfter).toBe(run.tensorsBefore);
  expect(run.memoryAfter.buffers).toBe(run.memoryBefore.buffers);
  expect(run.memoryAfter.bytes).toBe(run.memoryBefore.bytes);
  expect(run.memoryAfter.poolBytesInUse).toBe(run.memoryBefore.poolBytesInUse);
}

if (runGpuTests) {
  describe('a 3-layer MLP on WebGPU', () => {
    let ref: AnyBackend;
    let sut: AnyBackend;
    beforeAll(async () => {
      ref = cpu({ name: 'cpu-mlp' });
      sut = await webgpu({ name: 'webgpu-mlp' });
    });
    afterAll(() => {
      if (ref) tf.removeBackend(ref.name);
      if (sut) tf.removeBackend(sut.name);
    });

    it('follows the CPU loss curve to 1e-4 relative over 50 SGD steps; buffers return to the pool', async () => {
      const want = await trainMlp(tf, valueAndGrads, ref, STEPS);
      expect(want.tensorsAfter).toBe(want.tensorsBefore);
      expect(want.losses[STEPS - 1]!).toBeLessThan(want.losses[0]! * 0.7);
      const got = await trainMlp(tf, valueAndGrads, sut, STEPS);
      expectClean(got);
      expect(worstRelative(got.losses, want.losses)).toBeLessThan(1e-4);
      // After warm-up every buffer comes from the pool: the loop creates no new GPU buffers.
      expect(got.createdAtEnd).toBe(got.createdAfterWarmup);
      // A second run on the same backend starts from a warm pool, creates nothing and returns to its baseline.
      const again = await trainMlp(tf, valueAndGrads, sut, STEPS);
      expectClean(again);
      expect(again.createdAtEnd).toBe(got.createdAtEnd);
      expect(again.losses).toEqual(got.losses);
    });
  });
} else {
  describe('a 3-layer MLP on WebGPU', () => {
    it.skip(SKIP_MESSAGE, () => {});
  });
}
