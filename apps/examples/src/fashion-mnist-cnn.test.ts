import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DEBIAN_DIR } from '@tessera/data';
import { trainFashionMnistCnn } from './fashion-mnist-cnn.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const missing = FILES.filter((f) => !existsSync(join(FASHION_MNIST_DEBIAN_DIR, f)));
const SKIP_NOTE =
  `Fashion-MNIST is not installed (${FASHION_MNIST_DEBIAN_DIR} lacks ${missing.join(', ')}): ` +
  'run `apt-get install dataset-fashion-mnist` to run this test (CI installs it).';

describe('the course CNN on Fashion-MNIST', () => {
  it('256 images, 1 epoch: held-out accuracy far above chance, class names, nothing leaks', async (ctx) => {
    if (missing.length > 0) {
      console.warn(`SKIPPED: ${SKIP_NOTE}`);
      ctx.skip(SKIP_NOTE);
    }
    const before = tf.memory().numTensors;
    const r = await trainFashionMnistCnn({ epochs: 1, batchSize: 32, trainCount: 256, testCount: 200, verbose: 0 });
    expect(r.history.loss![0]!).toBeLessThan(Math.log(10));
    // chance is 10%; 35% of 200 held-out images is more than 10 standard errors above it
    expect(r.testAccuracy).toBeGreaterThan(0.35);
    expect(r.params).toBe(225_034);
    r.samples.forEach((s) => {
      expect(FASHION_MNIST_CLASSES).toContain(s.predicted);
      expect(FASHION_MNIST_CLASSES).toContain(s.actual);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
