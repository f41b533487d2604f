import { tensor } from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { describeValue } from './element.js';

/** Options shared by the MNIST-style loaders. */
export interface ImageSetOptions {
  /** Which part to load (default 'train'). */
  split?: 'train' | 'test' | 'all';
  /** Load only the first `count` images of the split. */
  count?: number;
  /** Pixels in [0, 1] (default true); false gives 0..255. */
  normalize?: boolean;
  /** Labels as float32 one-hot rows [n, 10] (default true); false gives int32 class indices [n]. */
  oneHot?: boolean;
  /** 'flat' gives xs [n, 784] (default); 'image' gives [n, 28, 28, 1] (NHWC, for conv nets). */
  shape?: 'flat' | 'image';
}

export interface ImageSet {
  /** float32 [n, 784] or [n, 28, 28, 1]. */
  xs: Tensor;
  /** float32 one-hot [n, 10], or int32 [n]. */
  ys: Tensor;
}

export const IMAGE_SIDE = 28;
export const IMAGE_SIZE = IMAGE_SIDE * IMAGE_SIDE;
export const NUM_CLASSES = 10;

export function checkImageOptions(o: ImageSetOptions, op: string): Required<Omit<ImageSetOptions, 'count'>> & { count?: number } {
  if (o === null || typeof o !== 'object') throw new TypeError(`${op}: invalid value for argument \`options\`. Expected an object. Received: ${describeValue(o)}`);
  const split = o.split ?? 'train';
  if (split !== 'train' && split !== 'test' && split !== 'all') {
    throw new TypeError(`${op}: invalid value for option \`split\`. Expected 'train', 'test' or 'all'. Received: ${describeValue(split)}`);
  }
  if (o.count !== undefined && (!Number.isInteger(o.count) || o.count < 0)) {
    throw new TypeError(`${op}: invalid value for option \`count\`. Expected a non-negative integer. Received: ${describeValue(o.count)}`);
  }
  const shape = o.shape ?? 'flat';
  if (shape !== 'flat' && shape !== 'image') {
    throw new TypeError(`${op}: invalid value for option \`shape\`. Expected 'flat' or 'image'. Received: ${describeValue(shape)}`);
  }
  return { split, count: o.count, normalize: o.normalize ?? true, oneHot: o.oneHot ?? true, shape };
}

/** Builds { xs, ys } from n images: `pixels(i, out, offset)` writes image i's 784 final pixel values at out[offset]. */
export function buildImageSet(
  n: number,
  pixels: (i: number, out: Float32Array, offset: number) => void,
  label: (i: number) => number,
  o: { normalize: boolean; oneHot: boolean; shape: 'flat' | 'image' },
): ImageSet {
  const x = new Float32Array(n * IMAGE_SIZE);
  for (let i = 0; i < n; i++) pixels(i, x, i * IMAGE_SIZE);
  const xs = tensor(x, o.shape === 'image' ? [n, IMAGE_SIDE, IMAGE_SIDE, 1] : [n, IMAGE_SIZE], 'float32');
  let ys: Tensor;
  try {
    if (o.oneHot) {
      const y = new Float32Array(n * NUM_CLASSES);
      for (let i = 0; i < n; i++) y[i * NUM_CLASSES + label(i)] = 1;
      ys = tensor(y, [n, NUM_CLASSES], 'float32');
    } else {
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) y[i] = label(i);
      ys = tensor(y, [n], 'int32');
    }
  } catch (err) {
    xs.dispose();
    throw err;
  }
  return { xs, ys };
}
