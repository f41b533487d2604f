import type { Target, View } from '@tessera/core';
import type { GpuHandle } from '../runtime/handle.js';
import { storageType } from '../wgsl/scalar.js';
import { WORKGROUP, Words, dynOffsets, program, uniformVec4s } from '../wgsl/program.js';
import type { KernelContext } from './context.js';
import { collapseDims } from './strided.js';

/**
 * x [outer, n, inner] (strided), indices int32 [k] → contiguous [outer, k, inner]. Elements move as raw 32-bit
 * words, so one pipeline serves every dtype. An index outside [0, n) gives 0: a GPU kernel cannot throw, and the
 * backend cannot check indices synchronously (core's ops validate them where they can).
 */
export function gather(ctx: KernelContext, x: View<GpuHandle>, indices: View<GpuHandle>): GpuHandle {
  const [outer, n, inner] = x.shape as [number, number, number];
  const k = indices.shape[0]!;
  const total = outer * k * inner;
  const out = ctx.alloc(x.dtype, total);
  if (total === 0) return out;
  const w = new Words();
  w.push(total, k, inner, n, x.offset, ...x.strides, indices.offset, indices.strides[0]!);
  const body = `
  if (gi >= uw(0u)) { return; }
  let k = uw(1u); let inner = uw(2u); let n = uw(3u);
  let c = gi % inner; let t = gi / inner; let j = t % k; let a = t / k;
  let r = r1[u32(ui(8u) + i32(j) * ui(9u))];
  var v = 0u;
  if (r >= 0 && u32(r) < n) { v = r0[u32(ui(4u) + i32(a) * ui(5u) + r * ui(6u) + i32(c) * ui(7u))]; }
  w0[gi] = v;`;
  ctx.run('gather', () => ({ code: program({ uniformWords: w.length, reads: ['u32', 'i32'], writes: ['u32'], body }), reads: 2, writes: 1 }),
    [x.buffer, indices.buffer], [out], w.build(), Math.ceil(total / WORKGROUP));
  return out;
}

/**
 * updates [outer, k, inner], indices int32 [k] → contiguous [outer, n, inner] of per-index sums. The output is
 * zeroed, then one thread per update adds its value atomically: i32 with atomicAdd; f32 with a compare-exchange
 * loop on the u32 bit pattern (WGSL has no float atomics). Float sums are therefore accumulated in an
 * unspecified order: results can differ from the CPU's in the last bits. Out-of-range indices are dropped.
 */
export function scatterAdd(ctx: KernelContext, updates: View<GpuHandle>, indices: View<GpuHandle>, n: number): GpuHandle {
  const [outer, k, inner] = updates.shape as [number, number, number];
  const out = ctx.alloc(updates.dtype, outer * n * inner);
  if (outer * n * inner === 0) return out;
  ctx.clear(out);
  const total = outer * k * inner;
  if (total === 0) return out;
  const w = new Words();
  w.push(total, k, inner, n, updates.offset, ...updates.strides, indices.offset, indices.strides[0]!);
  const t = storageType(updates.dtype);
  const add =
    t === 'f32'
      ? `
  var old = atomicLoad(&w0[q]);
  loop {
    let next = bitcast<u32>(bitcast<f32>(old) + v);
    let res = atomicCompareExchangeWeak(&w0[q], old, next);
    if (res.exchanged) { break; }
    old = res.old_value;
  }`
      : '  atomicAdd(&w0[q], v);';
  const body = `
  if (gi >= uw(0u)) { return; }
  let k = uw(1u); let inner = uw(2u); let n = uw(3u);
  let c = gi % inner; let tt = gi / inner; let j = tt % k; let a = tt / k;
  let r = r1[u32(ui(8u) + i32(j) * ui(9u))];
  if (r < 0 || u32(r) >= n) { return; }
  let q = (a * n + u32(r)) * inner + c;
  let v = r0[u32(ui(4u) + i32(a) * ui(5u) + i32(j) * ui(6u) + i32(c) * ui(7u))];
${add}`;
  const atomicT = t === 'i32' ? 'atomic<i32>' : 'atomic<u32>';
  ctx.run(`scatterAdd|${t}`, () => ({ code: program({ uniformWords: w.length, reads: [t, 'i32'], writes: [atomicT], body }), reads: 2, writes: 1 }),
    [updates.buffer, indices.buffer], [out], w.build(), Math.ceil(total / WORKGROUP));
  return out;
}

/** Writes (or adds) src into a strided window of a fresh buffer; both walked by their own strides. */
export function assign(ctx: KernelContext, target: Target<GpuHandle>, src: View<GpuHandle>, mode: 'set' | 'add'): void {
  let total = 1;
  for (const d of target.shape) total *= d;
  if (total === 0) return;
  const { shape, strides } = collapseDims(target.shape, [target.strides, src.strides]);
  const w = new Words();
  w.push(total);
  const at = w.pushStrided(shape, [{ offset: target.offset, strides: strides[0]! }, { offset: src.offset, strides: strides[1]! }]);
  const t = mode === 'set' ? 'u32' : storageType(target.dtype);
  const body = [
    '  if (gi >= uw(0u)) { return; }',
    dynOffsets('gi', at, ['pt', 'ps'], 'a'),
    mode === 'set' ? '  w0[u32(pt)] = r0[u32(ps)];' : '  w0[u32(pt)] = w0[u32(pt)] + r0[u32(ps)];',
  ].join('\n');
  ctx.run(`assign|${mode}|${t}|${uniformVec4s(w.length)}`, () => ({ code: program({ uniformWords: w.length, reads: [t], writes: [t], body }), reads: 1, writes: 1 }),
    [src.buffer], [target.buffer], w.build(), Math.ceil(total / WORKGROUP));
}
