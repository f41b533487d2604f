import type { DType, Target, View } from '@tessera/core';
import type { KernelContext, WasmBuffer } from '../context.js';
import { DT_CODE, elementBytes } from '../dtypes.js';
import { collapseDims } from '../strided.js';

const MAXR = 16;
const MIN_ELEMS_PER_THREAD = 65536;

function elemPtr(v: View<WasmBuffer>): number {
  return v.buffer.ptr + v.offset * elementBytes(v.dtype);
}

/**
 * Copies visit elements in any order, so when the innermost dim is short (a window's 2 or 3 columns) the longest
 * dim becomes the inner loop instead: fewer, longer runs.
 */
function longestInnermost(shape: number[], strides: number[][]): void {
  const last = shape.length - 1;
  const inner = shape[last]!;
  if (last < 1 || inner >= 32) return;
  const unit = (d: number) => strides.some((s) => Math.abs(s[d]!) === 1);
  const contiguous = strides.every((s) => s[last] === 1);
  // A dim only replaces the innermost one if it is much longer and unit-stride in one operand (cache lines).
  const minExtent = contiguous ? (inner < 8 ? 4 * inner : Infinity) : 2 * inner;
  let best = -1;
  for (let d = 0; d < last; d++) {
    if (shape[d]! >= minExtent && unit(d) && (best < 0 || shape[d]! > shape[best]!)) best = d;
  }
  if (best < 0) return;
  const move = <T>(a: T[]) => a.push(a.splice(best, 1)[0]!);
  move(shape);
  strides.forEach(move);
}

/** target (+)= src over matching strided windows (both of target's shape). */
export function assignInto(ctx: KernelContext, target: Target<WasmBuffer>, src: View<WasmBuffer>, mode: 'set' | 'add'): void {
  let total = 1;
  for (const d of target.shape) total *= d;
  if (total === 0) return;
  const { shape, strides } = collapseDims(target.shape, [target.strides, src.strides]);
  longestInnermost(shape, strides);
  if (shape.length > MAXR) throw new Error(`wasm backend: assign over ${shape.length} non-mergeable dims (at most ${MAXR})`);
  const inner = shape[shape.length - 1]!;
  const rows = total / inner;
  const parts = ctx.split(rows, Math.ceil(MIN_ELEMS_PER_THREAD / inner));
  const P = ctx.begin((5 + 3 * MAXR) * 4, MAXR * 4, parts.length);
  const { i32 } = ctx.heap;
  const w = P >>> 2;
  i32[w] = mode === 'add' ? 1 : 0;
  i32[w + 1] = DT_CODE[target.dtype];
  i32[w + 2] = target.buffer.ptr + target.offset * elementBytes(target.dtype);
  i32[w + 3] = elemPtr(src);
  i32[w + 4] = shape.length;
  for (let d = 0; d < shape.length; d++) {
    i32[w + 5 + d] = shape[d]!;
    i32[w + 5 + MAXR + d] = strides[0]![d]!;
    i32[w + 5 + 2 * MAXR + d] = strides[1]![d]!;
  }
  ctx.run('assignRows', P, parts);
}

function checkIndices(ctx: KernelContext, op: string, indices: View<WasmBuffer>, n: number): void {
  const k = indices.shape[0]!;
  if (k === 0) return;
  const bad = ctx.exports.checkIndices(elemPtr(indices), k, indices.strides[0]!, n);
  if (bad >= 0) {
    const { i32 } = ctx.heap.refresh();
    const value = i32[(elemPtr(indices) >>> 2) + bad * indices.strides[0]!];
    throw new RangeError(`${op}: index ${value} is out of range [0, ${n}).`);
  }
}

/** x [O,N,I], indices int32 [K] → [O,K,I]. */
export function gather(ctx: KernelContext, x: View<WasmBuffer>, indices: View<WasmBuffer>): WasmBuffer {
  const [outer, n, inner] = x.shape as [number, number, number];
  const k = indices.shape[0]!;
  checkIndices(ctx, 'gather', indices, n);
  const out = ctx.alloc(x.dtype, outer * k * inner);
  if (out.size === 0) return out;
  const parts = ctx.split(outer, Math.ceil(MIN_ELEMS_PER_THREAD / Math.max(1, k * inner)));
  const P = ctx.begin(12 * 4, 0, parts.length);
  const { i32 } = ctx.heap;
  const w = P >>> 2;
  const [so, sn, si] = x.strides as [number, number, number];
  const vals = [DT_CODE[x.dtype], elemPtr(x), outer, n, inner, so, sn, si, elemPtr(indices), k, indices.strides[0]!, out.ptr];
  vals.forEach((v, j) => (i32[w + j] = v));
  ctx.run('gather', P, parts);
  return out;
}

/** updates [O,K,I], indices int32 [K] → [O,n,I] holding the sums per index. */
export function scatterAdd(ctx: KernelContext, updates: View<WasmBuffer>, indices: View<WasmBuffer>, n: number): WasmBuffer {
  const [outer, k, inner] = updates.shape as [number, number, number];
  checkIndices(ctx, 'scatterAdd', indices, n);
  const out = ctx.alloc(updates.dtype, outer * n * inner);
  if (out.size === 0) return out;
  ctx.heap.refresh().u8.fill(0, out.ptr, out.ptr + out.bytes);
  if (k * inner === 0) return out;
  // Threads split the outer dim: each output row block is written by one thread only.
  const parts = ctx.split(outer, Math.ceil(MIN_ELEMS_PER_THREAD / Math.max(1, k * inner)));
  const P = ctx.begin(12 * 4, 0, parts.length);
  const { i32 } = ctx.heap;
  const w = P >>> 2;
  const [so, sk, si] = updates.strides as [number, number, number];
  const vals = [DT_CODE[updates.dtype], elemPtr(updates), outer, k, inner, so, sk, si, elemPtr(indices), indices.strides[0]!, n, out.ptr];
  vals.forEach((v, j) => (i32[w + j] = v));
  ctx.run('scatterAdd', P, parts);
  return out;
}

/** Cumulative sum/product along the last dim of x [O,N]. */
export function scan(ctx: KernelContext, op: 'sum' | 'prod', x: View<WasmBuffer>, exclusive: boolean, reverse: boolean): WasmBuffer {
  const [outer, n] = x.shape as [number, number];
  const out = ctx.alloc(x.dtype, outer * n);
  if (out.size === 0) return out;
  const parts = ctx.split(outer, Math.ceil(MIN_ELEMS_PER_THREAD / n));
  const P = ctx.begin(10 * 4, 0, parts.length);
  const { i32 } = ctx.heap;
  const w = P >>> 2;
  const vals = [op === 'prod' ? 1 : 0, DT_CODE[x.dtype], exclusive ? 1 : 0, reverse ? 1 : 0, elemPtr(x), outer, n, x.strides[0]!, x.strides[1]!, out.ptr];
  vals.forEach((v, j) => (i32[w + j] = v));
  ctx.run('scan', P, parts);
  return out;
}

function typedView(ctx: KernelContext, dtype: DType) {
  const h = ctx.heap.refresh();
  return dtype === 'float32' ? h.f32 : dtype === 'int32' ? h.i32 : dtype === 'float64' ? h.f64 : h.u8;
}

/**
 * k largest (or smallest) of each row of x [O,N], ties by lower index, NaN largest. Sorting is done in
 * JavaScript on the row values read straight from linear memory (topk is rare and sort-bound).
 */
export function topk(ctx: KernelContext, x: View<WasmBuffer>, k: number, largest: boolean): { values: WasmBuffer; indices: WasmBuffer } {
  const [outer, n] = x.shape as [number, number];
  const [so, sn] = x.strides as [number, number];
  const values = ctx.alloc(x.dtype, outer * k);
  const indices = ctx.alloc('int32', outer * k);
  const src = typedView(ctx, x.dtype);
  const base = elemPtr(x) / elementBytes(x.dtype);
  const row = new Float64Array(n);
  const order = new Array<number>(n);
  const keyOf = (v: number) => (Number.isNaN(v) ? Infinity : v);
  const outVals = new Float64Array(outer * k);
  const outIdx = new Int32Array(outer * k);
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < n; j++) {
      order[j] = j;
      row[j] = src[base + a * so + j * sn]!;
    }
    order.sort((i, j) => {
      const d = largest ? keyOf(row[j]!) - keyOf(row[i]!) : keyOf(row[i]!) - keyOf(row[j]!);
      return d !== 0 && !Number.isNaN(d) ? d : i - j;
    });
    for (let j = 0; j < k; j++) {
      outVals[a * k + j] = row[order[j]!]!;
      outIdx[a * k + j] = order[j]!;
    }
  }
  const dst = typedView(ctx, x.dtype);
  dst.set(outVals, values.ptr / elementBytes(x.dtype));
  ctx.heap.i32.set(outIdx, indices.ptr >>> 2);
  return { values, indices };
}
