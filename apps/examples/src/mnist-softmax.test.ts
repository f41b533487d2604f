import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { buildSoftmaxClassifier, main, trainMnistSoftmax } from './mnist-softmax.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('linear softmax classifier on MNIST (course example)', () => {
  it('is one Dense(10, softmax) layer with 7,850 parameters', () => {
    const m = buildSoftmaxClassifier();
    expect(m.countParams()).toBe(784 * 10 + 10);
    expect(m.computeOutputShape([null, 784])).toEqual([null, 10]);
    m.dispose();
  });

  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`${optimizer}: 1,000 digits, 2 epochs: loss falls, held-out accuracy far above chance, nothing leaks`, async () => {
      const before = tf.memory().numTensors;
      const r = await trainMnistSoftmax({
        optimizer,
        learningRate: optimizer === 'adam' ? 0.005 : 0.2,
        epochs: 2,
        batchSize: 32,
        trainCount: 1000,
        testCount: 500,
        verbose: 0,
      });
      expect(r.history.loss!.length).toBe(2);
      expect(r.history.loss![1]!).toBeLessThan(r.history.loss![0]!);
      expect(r.history.val_accuracy!.length).toBe(2);
      // chance is 10%; 70% of 500 held-out digits is more than 40 standard errors above it
      expect(r.testAccuracy).toBeGreaterThan(0.7);
      expect(r.kernelShape).toEqual([784, 10]);
      expect(r.samples.length).toBe(10);
      r.samples.forEach((s) => {
        expect(s.predicted).toBeGreaterThanOrEqual(0);
        expect(s.predicted).toBeLessThan(10);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('main parses the command line and reports the accuracy', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const r = await main(['--epochs', '1', '--train-count', '300', '--test-count', '100', '--batch-size', '50', '--learning-rate', '0.01']);
      expect(r.history.loss!.length).toBe(1);
      expect(r.testAccuracy).toBeGreaterThan(0.4);
      expect(log.mock.calls.flat().join('\n')).toMatch(/test accuracy \d+\.\d\d%/);
    } finally {
      vi.restoreAllMocks();
    }
    await expect(main(['--optimizer', 'rmsprop'])).rejects.toThrow(/Expected one of adam, sgd\. Received: rmsprop/);
    await expect(main(['--epochs', '0'])).rejects.toThrow(/--epochs\. Expected an integer >= 1\. Received: 0/);
  });
});
