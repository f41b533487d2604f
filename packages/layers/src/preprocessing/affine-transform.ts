import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';

export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
export type Interpolation = 'bilinear' | 'nearest';
export const FILL_MODES: readonly FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];
export const INTERPOLATIONS: readonly Interpolation[] = ['nearest', 'bilinear'];

/**
 * One projective transform per image, as TensorFlow's ImageProjectiveTransform: [a0, a1, a2, b0, b1, b2, c0, c1]
 * maps the output pixel (x, y) (column, row) to the input point ((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k),
 * k = c0·x + c1·y + 1.
 */
export type Transform = readonly [number, number, number, number, number, number, number, number];

export interface AffineOptions {
  interpolation: Interpolation;
  fillMode: FillMode;
  fillValue: number;
}

/** v truncated toward zero. */
function trunc(v: Tensor): Tensor {
  return tf.mul(tf.sign(v), tf.floor(tf.abs(v)));
}

/**
 * Maps a source coordinate outside [0, len - 1] back inside it, as TensorFlow's fill modes (reflect: d c b a | a b
 * c d | d c b a; wrap: a b c d | a b c d; nearest: a a | a b c d | d d); constant leaves it (the read is filled).
 */
export function mapCoordinate(c: Tensor, len: number, mode: FillMode): Tensor {
  if (mode === 'constant') return c;
  const clampInside = (v: Tensor) => tf.clipByValue(v, 0, len - 1);
  if (mode === 'nearest' || len <= 1) return len <= 1 ? tf.zerosLike(c) : clampInside(c);
  if (mode === 'wrap') {
    const below = tf.add(c, tf.mul(tf.add(trunc(tf.div(tf.neg(c), len)), 1), len));
    const above = tf.sub(c, tf.mul(trunc(tf.div(c, len)), len));
    return clampInside(tf.where(tf.less(c, 0), below, tf.where(tf.greater(c, len - 1), above, c)));
  }
  // reflect
  const sz2 = 2 * len;
  const b0 = tf.add(tf.mul(trunc(tf.div(tf.neg(c), sz2)), sz2), c);
  const below = tf.where(tf.less(b0, -len), tf.add(b0, sz2), tf.sub(tf.neg(b0), 1));
  const a0 = tf.sub(c, tf.mul(trunc(tf.div(c, sz2)), sz2));
  const above = tf.where(tf.greaterEqual(a0, len), tf.sub(sz2 - 1, a0), a0);
  return clampInside(tf.where(tf.less(c, 0), below, tf.where(tf.greater(c, len - 1), above, c)));
}

/** std::round: halves away from zero (tf.round rounds halves to even). */
function roundHalfAway(v: Tensor): Tensor {
  return tf.mul(tf.sign(v), tf.floor(tf.add(tf.abs(v), 0.5)));
}

/**
 * Reads pixels of `flat` ([B·H·W, C]) at integer-valued float coordinates (yi, xi) ([B, H, W]); reads outside the
 * image give `fillValue`. Returns [B, H, W, C].
 */
function readPixels(flat: Tensor, yi: Tensor, xi: Tensor, h: number, w: number, c: number, fillValue: number): Tensor {
  const [b, oh, ow] = yi.shape as [number, number, number];
  const inside = tf.logicalAnd(
    tf.logicalAnd(tf.greaterEqual(xi, 0), tf.lessEqual(xi, w - 1)),
    tf.logicalAnd(tf.greaterEqual(yi, 0), tf.lessEqual(yi, h - 1)),
  );
  const xc = tf.cast(tf.clipByValue(xi, 0, w - 1), 'int32');
  const yc = tf.cast(tf.clipByValue(yi, 0, h - 1), 'int32');
  const base = tf.reshape(tf.mul(tf.range(0, b, 1, 'int32'), h * w), [b, 1, 1]);
  const idx = tf.add(base, tf.add(tf.mul(yc, w), xc));
  const vals = tf.reshape(tf.gather(flat, tf.reshape(idx, [-1]), 0), [b, oh, ow, c]);
  return tf.where(tf.expandDims(inside, -1), vals, tf.scalar(fillValue, vals.dtype));
}

/**
 * Resamples NHWC `images` through one transform per image (Keras's affine_transform on TensorFlow): per output
 * pixel, the source coordinates are computed with tensor ops, mapped by the fill mode, and sampled bilinearly
 * (weights from the fractional parts; corners outside the image read `fillValue`) or at the nearest pixel.
 * Differentiable with respect to the images.
 */
export function affineTransform(images: Tensor, transforms: readonly Transform[], opts: AffineOptions): Tensor {
  const [b, h, w, c] = images.shape as [number, number, number, number];
  if (images.rank !== 4) throw new Error(`affineTransform: expected images of rank 4 (batch, height, width, channels). Received: shape [${images.shape.join(', ')}]`);
  if (transforms.length !== b) throw new Error(`affineTransform: expected ${b} transforms (one per image). Received: ${transforms.length}`);
  const dtype = images.dtype === 'float64' ? 'float64' : 'float32';
  const params = tf.tensor(transforms.flatMap((t) => [...t]), [b, 8], dtype);
  const col = (i: number) => tf.reshape(tf.slice(params, [0, i], [b, 1]), [b, 1, 1]);
  const x = tf.cast(tf.reshape(tf.range(0, w), [1, 1, w]), dtype);
  const y = tf.cast(tf.reshape(tf.range(0, h), [1, h, 1]), dtype);
  const k = tf.add(tf.add(tf.mul(col(6), x), tf.mul(col(7), y)), 1);
  const srcX = tf.div(tf.add(tf.add(tf.mul(col(0), x), tf.mul(col(1), y)), col(2)), k);
  const srcY = tf.div(tf.add(tf.add(tf.mul(col(3), x), tf.mul(col(4), y)), col(5)), k);
  const sx = mapCoordinate(srcX, w, opts.fillMode);
  const sy = mapCoordinate(srcY, h, opts.fillMode);
  const flat = tf.reshape(images, [b * h * w, c]);
  if (opts.interpolation === 'nearest') {
    return readPixels(flat, roundHalfAway(sy), roundHalfAway(sx), h, w, c, opts.fillValue);
  }
  const x0 = tf.floor(sx);
  const y0 = tf.floor(sy);
  const x1 = tf.add(x0, 1);
  const y1 = tf.add(y0, 1);
  const wx1 = tf.expandDims(tf.sub(sx, x0), -1);
  const wx0 = tf.expandDims(tf.sub(x1, sx), -1);
  const wy1 = tf.expandDims(tf.sub(sy, y0), -1);
  const wy0 = tf.expandDims(tf.sub(y1, sy), -1);
  const read = (yi: Tensor, xi: Tensor) => readPixels(flat, yi, xi, h, w, c, opts.fillValue);
  const top = tf.add(tf.mul(wx0, read(y0, x0)), tf.mul(wx1, read(y0, x1)));
  const bottom = tf.add(tf.mul(wx0, read(y1, x0)), tf.mul(wx1, read(y1, x1)));
  return tf.add(tf.mul(wy0, top), tf.mul(wy1, bottom));
}
