import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';

/**
 * Integer-factor upsampling of an NHWC batch with public ops only. Nearest repeats each pixel (Keras's
 * ops.repeat); bilinear follows TensorFlow's resize with half-pixel centers (what Keras 3 uses; tfjs-layers calls
 * resizeBilinear with halfPixelCenters false): output i samples input (i + 0.5)·in/out − 0.5, clamped at the edges.
 */
export function upsampleNearest(x: Tensor, fh: number, fw: number): Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const spread = tf.broadcastTo(tf.reshape(x, [n, h, 1, w, 1, c]), [n, h, fh, w, fw, c]);
  return tf.reshape(spread, [n, h * fh, w * fw, c]);
}

/** Source rows (or cols) and blend weights of one axis. */
function axisPlan(inSize: number, factor: number): { lo: number[]; hi: number[]; frac: number[] } {
  const outSize = inSize * factor;
  const scale = inSize / outSize;
  const lo: number[] = [];
  const hi: number[] = [];
  const frac: number[] = [];
  for (let i = 0; i < outSize; i++) {
    const src = (i + 0.5) * scale - 0.5;
    const f = Math.floor(src);
    lo.push(Math.max(f, 0));
    hi.push(Math.min(Math.ceil(src), inSize - 1));
    frac.push(src - f);
  }
  return { lo, hi, frac };
}

/** Linear interpolation along `axis` (1 or 2 of NHWC): lo + (hi − lo)·frac. */
function lerpAxis(x: Tensor, axis: 1 | 2, factor: number): Tensor {
  if (factor === 1) return x;
  const { lo, hi, frac } = axisPlan(x.shape[axis]!, factor);
  const a = tf.gather(x, lo, axis);
  const b = tf.gather(x, hi, axis);
  // A plain array operand lands on x's backend in x's dtype.
  const weights = axis === 1 ? [frac.map((f) => [[f]])] : [[frac.map((f) => [f])]];
  return tf.add(a, tf.mul(tf.sub(b, a), weights));
}

export function upsampleBilinear(x: Tensor, fh: number, fw: number): Tensor {
  // Columns first, then rows, in the order TensorFlow's and tfjs's kernels blend.
  return lerpAxis(lerpAxis(x, 2, fw), 1, fh);
}
