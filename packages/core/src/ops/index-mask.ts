import { runOp } from '../engine.js';
import { fmtShape, normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, fromTypedArray } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf } from './internal.js';
import { reshape } from './transform.js';
import { gather } from './gather.js';

/**
 * Ops whose output shape depends on the data (how many entries are true), so they read on the host and are
 * async, as in tfjs: whereAsync and booleanMaskAsync.
 */

/** Coordinates of the true (non-zero) entries of `condition`, as an int32 [count, rank] tensor in row-major order. */
export async function whereAsync(condition: TensorLike): Promise<Tensor> {
  const c = convertToTensor(condition, 'condition', 'whereAsync', 'bool');
  const data = await c.data();
  const rank = c.rank;
  const hits: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i]) hits.push(i);
  const coords = new Int32Array(hits.length * rank);
  hits.forEach((flat, h) => {
    for (let d = rank - 1; d >= 0; d--) {
      const n = c.shape[d]!;
      coords[h * rank + d] = flat % n;
      flat = Math.floor(flat / n);
    }
  });
  return runOp({ name: 'whereAsync', inputs: [c], attrs: {} }, () => fromTypedArray(coords, [hits.length, rank], 'int32', c.backend));
}

/**
 * The slices of `tensor` where `mask` is true: mask's shape must equal tensor.shape[axis : axis + mask.rank], and
 * those dims are replaced by one dim holding the selected entries (as tfjs's booleanMaskAsync). Differentiable
 * with respect to `tensor` (it is a gather).
 */
export async function booleanMaskAsync(tensor: TensorLike, mask: TensorLike, axis?: number): Promise<Tensor> {
  const t = convertToTensor(tensor, 'tensor', 'booleanMaskAsync');
  const m = convertToTensor(mask, 'mask', 'booleanMaskAsync', 'bool', t.backend);
  backendOf('booleanMaskAsync', [t, m]);
  if (m.rank === 0) throw new Error('booleanMaskAsync: invalid value for argument `mask`. Expected a tensor of rank >= 1. Received: a scalar');
  const ax = normalizeAxis(axis ?? 0, t.rank, 'booleanMaskAsync');
  const covered = t.shape.slice(ax, ax + m.rank);
  if (covered.length !== m.rank || covered.some((d, i) => d !== m.shape[i])) {
    throw new Error(
      `booleanMaskAsync: mask's shape ${fmtShape(m.shape)} must match the dims of tensor ${fmtShape(t.shape)} from axis ${ax}: ${fmtShape(covered)}.`,
    );
  }
  const flatShape = [...t.shape.slice(0, ax), sizeOf(covered), ...t.shape.slice(ax + m.rank)];
  const data = await m.data();
  const picked: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i]) picked.push(i);
  const idx = fromTypedArray(Int32Array.from(picked), [picked.length], 'int32', t.backend);
  const flat = reshape(t, flatShape);
  try {
    return gather(flat, idx, ax);
  } finally {
    idx.dispose();
    if (flat !== t) flat.dispose();
  }
}
