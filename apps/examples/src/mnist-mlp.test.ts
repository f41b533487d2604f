import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { buildMnistMlp, trainMnistMlp } from './mnist-mlp.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('MNIST MLP (the README demo)', () => {
  it('has the course architecture', () => {
    const m = buildMnistMlp();
    expect(m.layers.map((l) => l.className)).toEqual([
      'Dense', 'BatchNormalization', 'Dropout', 'Activation', 'Dense', 'BatchNormalization', 'Dropout', 'Activation', 'Dense',
    ]);
    expect(m.countParams()).toBe(784 * 500 + 500 + 4 * 500 + 500 * 50 + 50 + 4 * 50 + 50 * 10 + 10);
    m.dispose();
  });

  it('learns real digits in two short epochs and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const { testAccuracy, history } = await trainMnistMlp({ epochs: 2, trainCount: 3000, batchSize: 64, verbose: 0 });
    // Chance is 10%; two epochs on 3,000 digits reach well above 80% on the 2,000 held-out digits.
    expect(testAccuracy).toBeGreaterThan(0.8);
    expect(history.val_accuracy![1]).toBeCloseTo(testAccuracy, 5);
    expect(tf.memory().numTensors).toBe(before);
  });
});
