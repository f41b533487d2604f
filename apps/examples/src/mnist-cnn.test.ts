import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { buildCnn, main, trainCnn } from './mnist-cnn.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('the course CNN on MNIST', () => {
  it('has the course architecture: shapes and 225,034 parameters', () => {
    const m = buildCnn();
    expect(m.layers.map((l) => l.className)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
    const shapes: (number | null)[][] = [];
    let shape: (number | null)[] = [null, 28, 28, 1];
    for (const l of m.layers) shapes.push((shape = l.computeOutputShape(shape) as (number | null)[]));
    expect(shapes).toEqual([
      [null, 26, 26, 32],
      [null, 13, 13, 32],
      [null, 11, 11, 64],
      [null, 5, 5, 64],
      [null, 1600],
      [null, 128],
      [null, 10],
    ]);
    expect(m.countParams()).toBe(320 + 18_496 + 204_928 + 1_290);
    m.dispose();
  });

  it('256 digits, 1 epoch: loss below a uniform guess, held-out accuracy far above chance, nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const r = await trainCnn({ dataset: 'mnist', epochs: 1, batchSize: 32, trainCount: 256, testCount: 200, verbose: 0 });
    expect(r.history.loss!.length).toBe(1);
    // the mean loss of the epoch is already below ln 10 ≈ 2.303, the loss of a uniform guess
    expect(r.history.loss![0]!).toBeLessThan(Math.log(10));
    expect(r.testLoss).toBeLessThan(r.history.loss![0]!);
    // chance is 10%; 35% of 200 held-out digits is more than 10 standard errors above it
    expect(r.testAccuracy).toBeGreaterThan(0.35);
    expect(r.params).toBe(225_034);
    expect(r.samples.length).toBe(10);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('mnist-cnn command line', () => {
  it('main trains on the counts given and prints the predictions', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const r = await main(['--epochs', '1', '--train-count', '64', '--test-count', '20', '--batch-size', '32']);
      expect(r.history.loss!.length).toBe(1);
      expect(r.samples.length).toBe(10);
      expect(log.mock.calls.flat().join('\n')).toMatch(/test accuracy \d+\.\d\d%/);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
