import type { ScanOp, View } from '@tessera/core';
import type { GpuHandle } from '../runtime/handle.js';
import { storageType } from '../wgsl/scalar.js';
import { WORKGROUP, Words, program } from '../wgsl/program.js';
import type { KernelContext } from './context.js';

/**
 * Inclusive or exclusive cumulative sum/product along the last dim of x [outer, n], optionally from the end:
 * one thread per row, in order (float sums Kahan-compensated). Rows are independent, so long rows run serially;
 * that is simple and exact in order, and fine for the sizes cumsum sees in models.
 */
export function scan(ctx: KernelContext, op: ScanOp, x: View<GpuHandle>, exclusive: boolean, reverse: boolean): GpuHandle {
  const [outer, n] = x.shape as [number, number];
  const out = ctx.alloc(x.dtype, outer * n);
  if (outer * n === 0) return out;
  const t = storageType(x.dtype);
  const w = new Words();
  w.push(outer, n, x.offset, x.strides[0]!, x.strides[1]!);
  const one = op === 'sum' ? (t === 'f32' ? '0.0' : t === 'i32' ? '0' : '0u') : t === 'f32' ? '1.0' : t === 'i32' ? '1' : '1u';
  const kahan = op === 'sum' && t === 'f32';
  const fold = kahan
    ? '    let y = v - comp; let s = acc + y; if (isfinite_f(s)) { comp = (s - acc) - y; } else { comp = 0.0; } acc = s;'
    : `    acc = acc ${op === 'sum' ? '+' : '*'} v;`;
  const body = `
  if (gi >= uw(0u)) { return; }
  let n = uw(1u);
  let base = ui(2u) + i32(gi) * ui(3u);
  var acc: ${t} = ${one};
  var comp = 0.0;
  for (var s0 = 0u; s0 < n; s0 = s0 + 1u) {
    let j = select(s0, n - 1u - s0, ${reverse});
    let v = r0[u32(base + i32(j) * ui(4u))];
    ${exclusive ? 'w0[gi * n + j] = acc;' : ''}
${fold}
    ${exclusive ? '' : 'w0[gi * n + j] = acc;'}
  }`;
  ctx.run(`scan|${op}|${t}|${exclusive}|${reverse}`, () => ({ code: program({ uniformWords: w.length, reads: [t], writes: [t], body }), reads: 1, writes: 1 }),
    [x.buffer], [out], w.build(), Math.ceil(outer / WORKGROUP));
  return out;
}
