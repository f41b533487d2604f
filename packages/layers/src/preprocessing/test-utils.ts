// Test helpers for the image layers (not exported from the package).
import * as tf from '@tessera/core';

type PixelFn = (b: number, y: number, x: number, c: number) => number;

/** Host values of an image batch [b, h, w, c] whose value at (b, y, x, c) is f(b, y, x, c) (float32-rounded). */
export function hostImage(shape: [number, number, number, number], f: PixelFn): number[] {
  const [B, H, W, C] = shape;
  const v = new Float32Array(B * H * W * C);
  for (let b = 0; b < B; b++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) v[((b * H + y) * W + x) * C + c] = f(b, y, x, c);
  return Array.from(v);
}

/** The same as a tensor. */
export function imageOf(shape: [number, number, number, number], f: PixelFn): tf.Tensor {
  return tf.tensor(hostImage(shape, f), shape);
}

/** Distinct pixel values: 100·b + 10·y + x (+ 0.5·c). */
export const pixel = (b: number, y: number, x: number, c: number) => 100 * b + 10 * y + x + 0.5 * c;

export async function values(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data(), (v) => v + 0);
}
