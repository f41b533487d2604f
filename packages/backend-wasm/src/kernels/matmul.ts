import type { DType, FusedActivation, View } from '@tessera/core';
import type { KernelContext, WasmBuffer } from '../context.js';
import { DT_CODE, elementBytes } from '../dtypes.js';
import { splitRange } from '../strided.js';

const ACT: Record<FusedActivation, number> = { linear: 0, relu: 1, relu6: 2, sigmoid: 3, tanh: 4, elu: 5, leakyrelu: 6 };

/** Blocking of the float32 GEMM: A blocks of MC×KC (L2), B panels of KC×8 (L1), NC columns packed at once. */
export const GEMM_BLOCKING = { MC: 128, KC: 256, NC: 256 };

function elemPtr(v: View<WasmBuffer>): number {
  return v.buffer.ptr + v.offset * elementBytes(v.dtype);
}

/** a [B,M,K] · b [B,K,N] (+ bias [B,M,N] view) then activation → contiguous [B,M,N]. */
export function matMul(
  ctx: KernelContext,
  a: View<WasmBuffer>,
  b: View<WasmBuffer>,
  bias: View<WasmBuffer> | null,
  activation: FusedActivation,
  alpha: number,
  outDtype: DType,
): WasmBuffer {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const out = ctx.alloc(outDtype, batch * m * n);
  if (out.size === 0) return out;
  const f32 = a.dtype === 'float32' && b.dtype === 'float32' && outDtype === 'float32';
  const { MC, KC, NC } = GEMM_BLOCKING;
  let parts: number[][];
  let scratch: number;
  if (f32) {
    // Threads split the larger output dim; each packs its own panels.
    const flops = 2 * batch * m * n * k;
    const threads = flops < 2 ** 21 && !ctx.splitAll ? 1 : ctx.threads;
    if (n >= m) parts = splitRange(Math.ceil(n / 8), threads, 1).map(([lo, hi]) => [0, m, lo * 8, Math.min(n, hi * 8)]);
    else parts = splitRange(Math.ceil(m / 4), threads, 1).map(([lo, hi]) => [lo * 4, Math.min(m, hi * 4), 0, n]);
    scratch = (Math.ceil(MC / 4) * 4 * KC + Math.ceil(NC / 8) * 8 * KC + 32) * 4;
  } else {
    parts = splitRange(m, batch * m * n * k < 2 ** 20 && !ctx.splitAll ? 1 : ctx.threads, 1).map(([lo, hi]) => [lo, hi]);
    scratch = n * 8;
  }
  const P = ctx.begin(27 * 4, scratch, parts.length);
  const { i32, f64 } = ctx.heap;
  const w = P >>> 2;
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const vals = [batch, m, n, k, elemPtr(a), sab, sam, sak, elemPtr(b), sbb, sbk, sbn, out.ptr, DT_CODE[a.dtype], DT_CODE[outDtype]];
  vals.forEach((v, j) => (i32[w + j] = v));
  if (bias) {
    i32[w + 15] = elemPtr(bias);
    i32[w + 16] = DT_CODE[bias.dtype];
    i32[w + 17] = bias.strides[0]!;
    i32[w + 18] = bias.strides[1]!;
    i32[w + 19] = bias.strides[2]!;
  } else {
    for (let j = 15; j < 20; j++) i32[w + j] = 0;
  }
  i32[w + 20] = ACT[activation];
  i32[w + 21] = MC;
  i32[w + 22] = KC;
  i32[w + 23] = NC;
  f64[(w + 24) >>> 1] = alpha;
  i32[w + 26] = DT_CODE[b.dtype];
  ctx.run(f32 ? 'mmF32' : 'mmGeneric', P, parts);
  return out;
}
