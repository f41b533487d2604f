import type { DType, ScalarExpr, View } from '@tessera/core';
import { exprArity, exprKey, sizeOf } from '@tessera/core';
import type { GpuHandle } from '../runtime/handle.js';
import { constWords, kindOf, renderScalar, storageType } from '../wgsl/scalar.js';
import type { RenderedScalar } from '../wgsl/scalar.js';
import { WORKGROUP, Words, dynOffsets, program, uniformVec4s } from '../wgsl/program.js';
import type { KernelContext } from './context.js';
import { collapseDims } from './strided.js';

const rendered = new Map<string, RenderedScalar>();
const RENDER_LIMIT = 4096;

function render(expr: ScalarExpr, kinds: ('f' | 'i' | 'b')[], outDtype: DType): RenderedScalar {
  const k = `${exprKey(expr)}|${kinds.join('')}|${outDtype}`;
  let r = rendered.get(k);
  if (!r) {
    r = renderScalar(expr, kinds, outDtype, (i) => `IN${i}`);
    if (rendered.size >= RENDER_LIMIT) rendered.delete(rendered.keys().next().value!);
    rendered.set(k, r);
  }
  return r;
}

/**
 * out[i] = expr(inputs...) over strided, broadcast inputs: one thread per output element. Shapes, strides,
 * offsets and constants are uniforms and the rank is read at run time, so a pipeline is compiled once per tree
 * and dtypes, whatever the shapes, layouts and constant values. Views of one buffer share one binding. A plain
 * copy (expr = input 0, same dtype) moves raw 32-bit words: one pipeline copies every dtype.
 */
export function elementwise(ctx: KernelContext, expr: ScalarExpr, inputs: readonly View<GpuHandle>[], outShape: readonly number[], outDtype: DType): GpuHandle {
  const n = sizeOf(outShape);
  const out = ctx.alloc(outDtype, n);
  if (n === 0) return out;
  const used = inputs.slice(0, exprArity(expr));
  const { shape, strides } = collapseDims(outShape, used.map((v) => v.strides));
  const buffers: GpuHandle[] = [];
  const slot = used.map((v) => {
    let i = buffers.indexOf(v.buffer);
    if (i < 0) i = buffers.push(v.buffer) - 1;
    return i;
  });
  const isCopy = expr.k === 'in' && expr.i === 0 && used[0]!.dtype === outDtype;
  const r = isCopy ? null : render(expr, used.map((v) => kindOf(v.dtype)), outDtype);
  const w = new Words();
  w.push(n);
  const constAt = w.pushWords(constWords(r?.consts ?? []));
  const at = w.pushStrided(shape, used.map((v, k) => ({ offset: v.offset, strides: strides[k]! })));
  const names = used.map((_, k) => `p${k}`);
  const load = (s: string) => s.replace(/IN(\d+)/g, (_, i: string) => `r${slot[+i]}[u32(p${i})]`);
  if (!r) {
    ctx.run(`copy|${uniformVec4s(w.length)}`, () => ({
      code: program({
        uniformWords: w.length,
        reads: ['u32'],
        writes: ['u32'],
        body: ['  if (gi >= uw(0u)) { return; }', dynOffsets('gi', at, names, 'a'), '  w0[gi] = r0[u32(p0)];'].join('\n'),
      }),
      reads: 1,
      writes: 1,
    }), buffers, [out], w.build(), Math.ceil(n / WORKGROUP));
    return out;
  }
  const key = `ew|${slot.join(',')}|${used.map((v) => storageType(v.dtype)).join(',')}|${outDtype}|${uniformVec4s(w.length)}|${r.key}`;
  ctx.run(key, () => {
    const body = [
      '  if (gi >= uw(0u)) { return; }',
      dynOffsets('gi', at, names, 'a'),
      ...r.lines.map((l) => `  ${load(l)}`),
      `  w0[gi] = ${load(r.store)};`,
    ].join('\n');
    const decls = [
      `fn cf(k: u32) -> f32 { return bitcast<f32>(uw(${constAt}u + 2u * k)); }`,
      `fn ci(k: u32) -> i32 { return bitcast<i32>(uw(${constAt}u + 2u * k + 1u)); }`,
    ].join('\n');
    return { code: program({ uniformWords: w.length, reads: buffers.map((b) => storageType(b.dtype)), writes: [storageType(outDtype)], decls, body }), reads: buffers.length, writes: 1 };
  }, buffers, [out], w.build(), Math.ceil(n / WORKGROUP));
  return out;
}
