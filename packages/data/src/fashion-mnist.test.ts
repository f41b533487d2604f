import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { FASHION_MNIST_DEBIAN_DIR, encodeIdx, loadFashionMnist } from './index.js';

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

const tmp = mkdtempSync(join(tmpdir(), 'tessera-fashion-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a tiny Fashion-MNIST folder: image i of a part has every pixel = base + i, label (base + i) % 10. */
function writeSet(dir: string, gz: boolean, sizes = { train: 5, t10k: 3 }): void {
  mkdirSync(dir, { recursive: true });
  for (const [prefix, n] of Object.entries(sizes)) {
    const base = prefix === 'train' ? 0 : 100;
    const pixels = new Uint8Array(n * 784);
    for (let i = 0; i < n; i++) pixels.fill(base + i, i * 784, (i + 1) * 784);
    const labels = Array.from({ length: n }, (_, i) => (base + i) % 10);
    const files: [string, Uint8Array][] = [
      [`${prefix}-images-idx3-ubyte`, encodeIdx(pixels, [n, 28, 28], 'uint8')],
      [`${prefix}-labels-idx1-ubyte`, encodeIdx(labels, [n], 'uint8')],
    ];
    for (const [name, bytes] of files) writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
  }
}

describe('loadFashionMnist from a folder of IDX files', () => {
  it('reads gzip-compressed files: shapes, scaling and labels', async () => {
    const dir = join(tmp, 'gz');
    writeSet(dir, true);
    const { xs, ys } = await loadFashionMnist({ dir });
    expect(xs.shape).toEqual([5, 784]);
    expect(ys.shape).toEqual([5, 10]);
    const v = xs.dataSync();
    expect(v[0]).toBe(0);
    expect(v[4 * 784 + 10]).toBeCloseTo(4 / 255, 7);
    expect(Array.from(ys.dataSync()).slice(10, 20)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    tf.dispose([xs, ys]);
  });

  it('reads uncompressed files; test and all splits; image shape; raw pixels; int labels; count', async () => {
    const dir = join(tmp, 'plain');
    writeSet(dir, false);
    const test = await loadFashionMnist({ dir, split: 'test', oneHot: false, normalize: false, shape: 'image' });
    expect(test.xs.shape).toEqual([3, 28, 28, 1]);
    expect(test.xs.dataSync()[784 * 2]).toBe(102);
    expect(Array.from(test.ys.dataSync())).toEqual([0, 1, 2]);
    expect(test.ys.dtype).toBe('int32');
    const all = await loadFashionMnist({ dir, split: 'all', oneHot: false, count: 7 });
    expect(all.xs.shape).toEqual([7, 784]);
    expect(Array.from(all.ys.dataSync())).toEqual([0, 1, 2, 3, 4, 0, 1]);
    tf.dispose([test.xs, test.ys, all.xs, all.ys]);
  });

  it('says where to get the data when files are missing', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const err = await loadFashionMnist({ dir: empty }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toContain(`the folder '${empty}'`);
    expect(msg).toContain('train-images-idx3-ubyte');
    expect(msg).toContain('apt-get install dataset-fashion-mnist');
    expect(msg).toContain('{ dir:');
  });

  it('rejects files of the wrong shape or labels out of range', async () => {
    const dir = join(tmp, 'bad');
    writeSet(dir, false);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([0, 1, 2, 3, 10], [5], 'uint8'));
    await expect(loadFashionMnist({ dir })).rejects.toThrow(/label 10 at index 4/);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([0, 1, 2], [3], 'uint8'));
    await expect(loadFashionMnist({ dir })).rejects.toThrow(/should hold 5 uint8 labels/);
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), encodeIdx(new Uint8Array(5 * 4), [5, 2, 2], 'uint8'));
    await expect(loadFashionMnist({ dir })).rejects.toThrow(/shape \[n, 28, 28\]/);
  });
});

const debian = existsSync(join(FASHION_MNIST_DEBIAN_DIR, 't10k-labels-idx1-ubyte.gz'));
if (!debian) {
  console.warn(
    `fashion-mnist.test: the Debian Fashion-MNIST files are not in ${FASHION_MNIST_DEBIAN_DIR}; skipping the real-data test (apt-get install dataset-fashion-mnist).`,
  );
}

describe.skipIf(!debian)('loadFashionMnist from the Debian package', () => {
  it('loads the real test images (1,000 per class) and the first training images', async () => {
    const test = await loadFashionMnist({ split: 'test', oneHot: false });
    expect(test.xs.shape).toEqual([10000, 784]);
    const labels = Array.from(test.ys.dataSync());
    for (let k = 0; k < 10; k++) expect(labels.filter((l) => l === k).length).toBe(1000);
    const v = test.xs.dataSync();
    expect(Math.min(...v.subarray(0, 784 * 100))).toBe(0);
    expect(Math.max(...v.subarray(0, 784 * 100))).toBe(1);
    tf.dispose([test.xs, test.ys]);
    const train = await loadFashionMnist({ count: 10 });
    expect(train.xs.shape).toEqual([10, 784]);
    expect(train.ys.shape).toEqual([10, 10]);
    tf.dispose([train.xs, train.ys]);
  });
});
