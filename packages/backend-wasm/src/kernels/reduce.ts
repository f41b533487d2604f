import type { DType, ReduceOp, View } from '@tessera/core';
import { sizeOf } from '@tessera/core';
import type { KernelContext, WasmBuffer } from '../context.js';
import { DT_CODE, elementBytes } from '../dtypes.js';
import { collapseDims } from '../strided.js';

const MAXR = 16;
const OPS: Record<ReduceOp, number> = { sum: 0, prod: 1, max: 2, min: 3, all: 4, any: 5, argmax: 6, argmin: 7 };
const MIN_ELEMS_PER_THREAD = 65536;

/** Reduces the last `reduceRank` dims of x into a contiguous result of shape x.shape[:-reduceRank]. */
export function reduce(ctx: KernelContext, op: ReduceOp, x: View<WasmBuffer>, reduceRank: number, outDtype: DType): WasmBuffer {
  const split = x.shape.length - reduceRank;
  const keptShape = x.shape.slice(0, split);
  const redShape = x.shape.slice(split);
  const nOut = sizeOf(keptShape);
  const nRed = sizeOf(redShape);
  const out = ctx.alloc(outDtype, nOut);
  if (nOut === 0) return out;
  const outer = collapseDims(keptShape, [x.strides.slice(0, split)]);
  const inner = nRed === 0 ? { shape: [0], strides: [[0]] } : collapseDims(redShape, [x.strides.slice(split)]);
  if (outer.shape.length > MAXR || inner.shape.length > MAXR) {
    throw new Error(`wasm backend: reduce over a view with more than ${MAXR} non-mergeable dims`);
  }
  // Short or strided reductions with a wide kept dim vectorise across outputs; long contiguous ones along the run.
  const W = outer.shape[outer.shape.length - 1]!;
  const innerRun = inner.shape[inner.shape.length - 1]!;
  const innerStride = inner.strides[0]![inner.shape.length - 1]!;
  const columns = W >= 2 && nRed > 0 && (innerStride !== 1 || innerRun < 16);
  const rows = columns ? nOut / W : nOut;
  const perRow = columns ? W * nRed : nRed;
  const parts = ctx.split(rows, Math.ceil(MIN_ELEMS_PER_THREAD / Math.max(1, perRow)));
  const P = ctx.begin((8 + 4 * MAXR) * 4, 2 * MAXR * 4, parts.length);
  const { i32 } = ctx.heap;
  const w = P >>> 2;
  i32[w] = OPS[op];
  i32[w + 1] = DT_CODE[x.dtype];
  i32[w + 2] = DT_CODE[outDtype];
  i32[w + 3] = x.buffer.ptr + x.offset * elementBytes(x.dtype);
  i32[w + 4] = out.ptr;
  i32[w + 5] = outer.shape.length;
  i32[w + 6] = inner.shape.length;
  i32[w + 7] = nRed;
  for (let d = 0; d < outer.shape.length; d++) {
    i32[w + 8 + d] = outer.shape[d]!;
    i32[w + 8 + MAXR + d] = outer.strides[0]![d]!;
  }
  for (let d = 0; d < inner.shape.length; d++) {
    i32[w + 8 + 2 * MAXR + d] = inner.shape[d]!;
    i32[w + 8 + 3 * MAXR + d] = inner.strides[0]![d]!;
  }
  ctx.run(columns ? 'reduceCols' : 'reduceRows', P, parts);
  return out;
}
