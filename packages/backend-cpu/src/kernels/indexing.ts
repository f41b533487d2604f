import type { Target, TypedArray, View } from '@tessera/core';
import { newArray } from '../buffers.js';
import { collapseDims } from './strided.js';

function checkIndex(op: string, idx: number, n: number): void {
  if (!(idx >= 0 && idx < n)) {
    throw new RangeError(`${op}: index ${idx} is out of range [0, ${n}).`);
  }
}

/** x as [outer, n, inner], indices [k] → [outer, k, inner]. */
export function gather(x: View<TypedArray>, indices: View<TypedArray>): TypedArray {
  const [outer, n, inner] = x.shape as [number, number, number];
  const [so, sn, si] = x.strides as [number, number, number];
  const k = indices.shape[0]!;
  const out = newArray(x.dtype, outer * k * inner);
  const idx = indices.buffer;
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < k; j++) {
      const r = idx[indices.offset + j * indices.strides[0]!]!;
      checkIndex('gather', r, n);
      let p = x.offset + a * so + r * sn;
      for (let c = 0; c < inner; c++, p += si) out[o++] = x.buffer[p]!;
    }
  }
  return out;
}

/** updates [outer, k, inner], indices [k] → [outer, n, inner] with the updates summed per index. */
export function scatterAdd(updates: View<TypedArray>, indices: View<TypedArray>, n: number): TypedArray {
  const [outer, k, inner] = updates.shape as [number, number, number];
  const [so, sk, si] = updates.strides as [number, number, number];
  const out = newArray(updates.dtype, outer * n * inner);
  const idx = indices.buffer;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < k; j++) {
      const r = idx[indices.offset + j * indices.strides[0]!]!;
      checkIndex('scatterAdd', r, n);
      let p = updates.offset + a * so + j * sk;
      let q = (a * n + r) * inner;
      for (let c = 0; c < inner; c++, p += si) out[q++] += updates.buffer[p]!;
    }
  }
  return out;
}

/** Writes or adds src into target, both walked by their strides. */
export function assign(target: Target<TypedArray>, src: View<TypedArray>, mode: 'set' | 'add'): void {
  const { shape, strides } = collapseDims(target.shape, [target.strides, src.strides]);
  const [ts, ss] = strides as [number[], number[]];
  const rank = shape.length;
  const inner = shape[rank - 1]!;
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const outerN = total / inner;
  const idx = new Array<number>(rank - 1).fill(0);
  let tb = target.offset;
  let sb = src.offset;
  const T = target.buffer;
  const Sv = src.buffer;
  const tsi = ts[rank - 1]!;
  const ssi = ss[rank - 1]!;
  for (let q = 0; q < outerN; q++) {
    let p = tb;
    let s = sb;
    if (mode === 'set') for (let j = 0; j < inner; j++, p += tsi, s += ssi) T[p] = Sv[s]!;
    else for (let j = 0; j < inner; j++, p += tsi, s += ssi) T[p] += Sv[s]!;
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]!++;
      tb += ts[d]!;
      sb += ss[d]!;
      if (idx[d]! < shape[d]!) break;
      tb -= ts[d]! * shape[d]!;
      sb -= ss[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** Inclusive or exclusive scan along the last dim of [outer, n]. */
export function scan(op: 'sum' | 'prod', x: View<TypedArray>, exclusive: boolean, reverse: boolean): TypedArray {
  const [outer, n] = x.shape as [number, number];
  const [so, sn] = x.strides as [number, number];
  const out = newArray(x.dtype, outer * n);
  for (let a = 0; a < outer; a++) {
    let acc = op === 'sum' ? 0 : 1;
    for (let t = 0; t < n; t++) {
      const j = reverse ? n - 1 - t : t;
      const v = x.buffer[x.offset + a * so + j * sn]!;
      if (exclusive) {
        out[a * n + j] = acc;
        acc = op === 'sum' ? acc + v : acc * v;
      } else {
        acc = op === 'sum' ? acc + v : acc * v;
        out[a * n + j] = acc;
      }
    }
  }
  return out;
}

/** k largest (or smallest) of each row of [outer, n], ties by lower index; NaN counts as largest. */
export function topk(x: View<TypedArray>, k: number, largest: boolean): { values: TypedArray; indices: TypedArray } {
  const [outer, n] = x.shape as [number, number];
  const [so, sn] = x.strides as [number, number];
  const values = newArray(x.dtype, outer * k);
  const indices = new Int32Array(outer * k);
  const order = new Array<number>(n);
  const row = new Float64Array(n);
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < n; j++) {
      order[j] = j;
      row[j] = x.buffer[x.offset + a * so + j * sn]!;
    }
    const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
    order.sort((i, j) => {
      const d = largest ? key(row[j]!) - key(row[i]!) : key(row[i]!) - key(row[j]!);
      return d !== 0 && !Number.isNaN(d) ? d : i - j;
    });
    for (let j = 0; j < k; j++) {
      values[a * k + j] = row[order[j]!]!;
      indices[a * k + j] = order[j]!;
    }
  }
  return { values, indices };
}
