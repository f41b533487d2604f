import type { View } from '@tessera/core';
import type { GpuHandle } from '../runtime/handle.js';
import { storageType } from '../wgsl/scalar.js';
import { WORKGROUP, Words, program } from '../wgsl/program.js';
import type { KernelContext } from './context.js';

/**
 * The k largest (or smallest) entries of each row of x [outer, n], ties to the lower index, NaN ranked as +Inf
 * (the CPU reference's order). Sort-free: one thread per element counts the elements that come before it; an
 * element whose rank is below k writes itself to that slot. O(n²) per row, fully parallel and exact.
 */
export function topk(ctx: KernelContext, x: View<GpuHandle>, k: number, largest: boolean): { values: GpuHandle; indices: GpuHandle } {
  const [outer, n] = x.shape as [number, number];
  const values = ctx.alloc(x.dtype, outer * k);
  const indices = ctx.alloc('int32', outer * k);
  if (outer * k === 0) return { values, indices };
  const t = storageType(x.dtype);
  const w = new Words();
  w.push(outer * n, n, k, x.offset, x.strides[0]!, x.strides[1]!);
  const key = t === 'f32' ? (v: string) => `select(${v}, inf_f(), isnan_f(${v}))` : (v: string) => v;
  const cmp = largest ? '>' : '<';
  const body = `
  if (gi >= uw(0u)) { return; }
  let n = uw(1u); let k = uw(2u);
  let row = gi / n; let i = gi % n;
  let base = ui(3u) + i32(row) * ui(4u);
  let raw = r0[u32(base + i32(i) * ui(5u))];
  let vi = ${key('raw')};
  var rank = 0u;
  for (var j = 0u; j < n; j = j + 1u) {
    let vj = ${key(`r0[u32(base + i32(j) * ui(5u))]`)};
    if (vj ${cmp} vi || (vj == vi && j < i)) { rank = rank + 1u; }
  }
  if (rank < k) {
    w0[row * k + rank] = raw;
    w1[row * k + rank] = i32(i);
  }`;
  ctx.run(`topk|${t}|${largest}`, () => ({ code: program({ uniformWords: w.length, reads: [t], writes: [t, 'i32'], body }), reads: 1, writes: 2 }),
    [x.buffer], [values, indices], w.build(), Math.ceil((outer * n) / WORKGROUP));
  return { values, indices };
}
