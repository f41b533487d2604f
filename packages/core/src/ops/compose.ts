import type { AnyBackend } from '../backend/spec.js';
import type { DType } from '../dtype.js';
import { toTypedArray } from '../dtype.js';
import { S } from '../scalar/expr.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkBufferSize, fromTypedArray, wrapHandle } from './convert.js';
import { broadcastView } from './internal.js';

/** One source written into a window of a new tensor: its begin per dim, and an optional step per dim. */
export interface Piece {
  src: Tensor;
  begin: readonly number[];
  step?: readonly number[];
}

/**
 * @internal Builds a new contiguous tensor of `shape` filled with `fillValue`, then writes (or adds) each piece
 * into its window with the backend's `assign` kernel. pad, concat, and the gradients of slice and conv use it.
 */
export function composeInto(
  backend: AnyBackend,
  shape: readonly number[],
  dtype: DType,
  fillValue: number,
  pieces: readonly Piece[],
  mode: 'set' | 'add' = 'set',
  opName = 'compose',
): Tensor {
  checkBufferSize(backend, sizeOf(shape), dtype, opName);
  const fillT = fromTypedArray(toTypedArray([fillValue], dtype), [], dtype, backend);
  const handle = backend.kernels.elementwise(S.in(0), [broadcastView(fillT, shape)], shape, dtype);
  fillT.dispose();
  const strides = contiguousStrides(shape);
  for (const p of pieces) {
    if (p.src.size === 0) continue;
    let offset = 0;
    for (let i = 0; i < shape.length; i++) offset += p.begin[i]! * strides[i]!;
    const tStrides = strides.map((s, i) => s * (p.step?.[i] ?? 1));
    const srcView = p.src.dtype === dtype ? p.src.view() : null;
    if (!srcView) throw new Error(`${opName}: internal dtype mismatch (${p.src.dtype} into ${dtype})`);
    backend.kernels.assign({ buffer: handle, dtype, shape: p.src.shape, strides: tStrides, offset }, srcView, mode);
  }
  return wrapHandle(backend, handle, shape, dtype);
}
