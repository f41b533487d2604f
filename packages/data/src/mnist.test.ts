import { createRequire } from 'node:module';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { MNIST_TEST_SIZE, MNIST_TRAIN_SIZE, loadMnist } from './index.js';

beforeAll(async () => {
  if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
  else await tf.setBackend(cpu());
});
let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

/** Each image's pixels as one string, to compare sets of images exactly. */
function fingerprints(xs: tf.Tensor): string[] {
  const v = xs.dataSync();
  const out: string[] = [];
  for (let i = 0; i < xs.shape[0]!; i++) out.push(v.subarray(i * 784, (i + 1) * 784).join(','));
  return out;
}

describe('loadMnist', () => {
  it('gives 8,000 training digits: float32 [n, 784] in 0..1 and one-hot labels covering every class', async () => {
    const { xs, ys } = await loadMnist();
    expect(xs.shape).toEqual([MNIST_TRAIN_SIZE, 784]);
    expect(xs.dtype).toBe('float32');
    expect(ys.shape).toEqual([MNIST_TRAIN_SIZE, 10]);
    const v = xs.dataSync();
    let mn = Infinity;
    let mx = -Infinity;
    for (const p of v) {
      if (p < mn) mn = p;
      if (p > mx) mx = p;
    }
    expect(mn).toBe(0);
    expect(mx).toBe(1);
    const y = ys.dataSync();
    const counts = new Array(10).fill(0);
    for (let i = 0; i < MNIST_TRAIN_SIZE; i++) {
      let hot = 0;
      for (let k = 0; k < 10; k++) if (y[i * 10 + k] === 1) (hot++, counts[k]++);
      expect(hot).toBe(1);
    }
    // round(0.8 · n_d) of each digit in the package
    expect(counts).toEqual([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
    tf.dispose([xs, ys]);
  });

  it('the test part is the other 2,000 digits: fixed and disjoint from training', async () => {
    const train = await loadMnist({ split: 'train' });
    const test = await loadMnist({ split: 'test', oneHot: false });
    expect(test.xs.shape).toEqual([MNIST_TEST_SIZE, 784]);
    expect(test.ys.dtype).toBe('int32');
    const trainSet = new Set(fingerprints(train.xs));
    const testPrints = fingerprints(test.xs);
    expect(new Set(testPrints).size).toBe(MNIST_TEST_SIZE);
    expect(testPrints.filter((f) => trainSet.has(f))).toEqual([]);
    const again = await loadMnist({ split: 'test', oneHot: false });
    expect(Array.from(again.ys.dataSync())).toEqual(Array.from(test.ys.dataSync()));
    expect(fingerprints(again.xs)).toEqual(testPrints);
    const all = await loadMnist({ split: 'all', oneHot: false, count: MNIST_TRAIN_SIZE + 3 });
    expect(Array.from(all.ys.dataSync()).slice(MNIST_TRAIN_SIZE)).toEqual(Array.from(test.ys.dataSync()).slice(0, 3));
    tf.dispose([train.xs, train.ys, test.xs, test.ys, again.xs, again.ys, all.xs, all.ys]);
  });

  it('any prefix is close to class-balanced; count, shape and normalize options', async () => {
    const { xs, ys } = await loadMnist({ count: 100, oneHot: false, shape: 'image', normalize: false });
    expect(xs.shape).toEqual([100, 28, 28, 1]);
    const labels = Array.from(ys.dataSync());
    for (let d = 0; d < 10; d++) {
      const c = labels.filter((l) => l === d).length;
      expect(c).toBeGreaterThanOrEqual(8);
      expect(c).toBeLessThanOrEqual(12);
    }
    const v = xs.dataSync();
    expect(Math.max(...v)).toBe(255);
    expect(v.every((p) => Number.isInteger(p))).toBe(true);
    tf.dispose([xs, ys]);
    await expect(loadMnist({ split: 'dev' as never })).rejects.toThrow(/split/);
  });

  it('does not change the package arrays', async () => {
    const mnist = createRequire(import.meta.url)('mnist') as Record<number, { raw: number[] }>;
    const before = mnist[3]!.raw.slice(0, 784 * 2);
    const { xs, ys } = await loadMnist({ normalize: false, count: 50 });
    tf.dispose([xs, ys]);
    expect(mnist[3]!.raw.slice(0, 784 * 2)).toEqual(before);
  });
});
