import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { perceptron } from './perceptron.js';
import { quadraticRoots } from './quadratic.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('course demo programs', () => {
  it('perceptron computes sigmoid(1 + 3·x1 − 2·x2)', async () => {
    const before = tf.memory().numTensors;
    const { inputs, outputs } = await perceptron();
    inputs.forEach(([x1, x2], i) => {
      expect(outputs[i]).toBeCloseTo(1 / (1 + Math.exp(-(1 + 3 * x1! - 2 * x2!))), 6);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('finds both roots of 2x² − 3x − 1', async () => {
    const [r1, r2] = await quadraticRoots(2, -3, -1);
    expect(r1).toBeCloseTo((3 + Math.sqrt(17)) / 4, 5);
    expect(r2).toBeCloseTo((3 - Math.sqrt(17)) / 4, 5);
  });
});
