import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { MyModel, compareModelStyles, functionalMlp, main, sequentialMlp } from './model-styles.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('one MLP in three model styles', () => {
  it('the three models have the same layers, parameters and output shape', () => {
    const before = tf.memory().numTensors;
    const models = [sequentialMlp(), functionalMlp(), new MyModel()];
    const x = tf.zeros([5, 2]);
    for (const m of models) {
      const y = m.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([5, 2]);
      expect(m.countParams()).toBe(2 * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2);
      expect(m.layers.map((l) => l.className)).toEqual(['Dense', 'Dense', 'Dense']);
      y.dispose();
      m.dispose();
    }
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trained on the same spiral from the same weights, they reach the same accuracy, far above chance', async () => {
    const before = tf.memory().numTensors;
    const results = await compareModelStyles({ epochs: 15, n: 300 });
    expect(results.map((r) => r.style)).toEqual(['sequential', 'functional', 'subclassed']);
    for (const r of results) {
      expect(r.losses.length).toBe(15);
      expect(r.losses[14]!).toBeLessThan(r.losses[0]! / 2);
      // two balanced classes: chance is 50%; 85% of 100 held-out points is 7 standard errors above it
      expect(r.testAccuracy).toBeGreaterThan(0.85);
    }
    // same initial weights, same data, same shuffling: the three runs follow the same path
    const [a, b, c] = results;
    for (const other of [b!, c!]) {
      expect(Math.abs(other.testAccuracy - a!.testAccuracy)).toBeLessThanOrEqual(0.02);
      other.losses.forEach((l, i) => expect(l).toBeCloseTo(a!.losses[i]!, 4));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('main prints one row per style', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const results = await main(['--epochs', '2', '--n', '64']);
      expect(results.length).toBe(3);
      const out = log.mock.calls.flat().join('\n');
      for (const style of ['sequential', 'functional', 'subclassed']) expect(out).toContain(style);
    } finally {
      log.mockRestore();
    }
  });
});
