import type { DType, ReduceOp, View } from '@tessera/core';
import { sizeOf } from '@tessera/core';
import type { GpuHandle } from '../runtime/handle.js';
import { storageType } from '../wgsl/scalar.js';
import { WORKGROUP, Words, dynOffsets, program, uniformVec4s } from '../wgsl/program.js';
import type { KernelContext } from './context.js';
import { collapseDims } from './strided.js';

type T = 'f32' | 'i32' | 'u32';

/** Reductions with at least this many elements use a whole workgroup per output (strided loop + tree). */
const GROUP_THRESHOLD = 256;

interface OpCode {
  acc: string;
  init: string;
  /** Folds value `v` (already converted to the accumulator type) into `acc` (sequential order). */
  fold: string;
  /** Combines `b` into `a` (tree order). */
  combine: (a: string, b: string) => string;
  load: (raw: string) => string;
  store: (acc: string) => string;
}

function convert(v: string, from: T, to: T | 'bool'): string {
  if (to === 'bool') return from === 'f32' ? `truthy_f(${v})` : from === 'i32' ? `(${v} != 0)` : `(${v} != 0u)`;
  if (from === to) return v;
  if (to === 'f32') return `f32(${v})`;
  if (to === 'i32') return from === 'f32' ? `f2i(${v})` : `i32(${v})`;
  return from === 'f32' ? `u32(castbool_f(${v}))` : `u32(${v} != 0)`;
}

function opCode(op: ReduceOp, inT: T, outT: T): OpCode {
  switch (op) {
    case 'sum':
    case 'prod': {
      const acc = outT;
      const zero = op === 'sum' ? (acc === 'f32' ? '0.0' : acc === 'i32' ? '0' : '0u') : acc === 'f32' ? '1.0' : acc === 'i32' ? '1' : '1u';
      const sym = op === 'sum' ? '+' : '*';
      return { acc, init: zero, fold: `acc = acc ${sym} v;`, combine: (a, b) => `${a} ${sym} ${b}`, load: (r) => convert(r, inT, acc), store: (a) => a };
    }
    case 'max':
    case 'min': {
      const fn = inT === 'f32' ? `${op}_f` : op;
      const init = inT === 'f32' ? (op === 'max' ? '-inf_f()' : 'inf_f()') : inT === 'i32' ? (op === 'max' ? 'i32(-2147483648)' : '2147483647') : op === 'max' ? '0u' : '4294967295u';
      return { acc: inT, init, fold: `acc = ${fn}(acc, v);`, combine: (a, b) => `${fn}(${a}, ${b})`, load: (r) => r, store: (a) => convert(a, inT, outT) };
    }
    case 'all':
    case 'any': {
      const sym = op === 'all' ? '&&' : '||';
      return { acc: 'bool', init: op === 'all' ? 'true' : 'false', fold: `acc = acc ${sym} v;`, combine: (a, b) => `${a} ${sym} ${b}`, load: (r) => convert(r, inT, 'bool'), store: (a) => `select(0u, 1u, ${a})` };
    }
    default:
      throw new Error(`webgpu: reduce op ${op} has no accumulator`);
  }
}

/**
 * Reduces the last `reduceRank` dims of a strided view. Small reductions run one thread per output, in order
 * (float sums with Kahan compensation, so results stay close to the CPU's double accumulation); large ones use a
 * workgroup per output: each thread folds a strided slice, then a tree in workgroup memory.
 */
export function reduce(ctx: KernelContext, op: ReduceOp, x: View<GpuHandle>, reduceRank: number, outDtype: DType): GpuHandle {
  const keptShape = x.shape.slice(0, x.shape.length - reduceRank);
  const redShape = x.shape.slice(x.shape.length - reduceRank);
  const nOut = sizeOf(keptShape);
  const nRed = sizeOf(redShape);
  const out = ctx.alloc(outDtype, nOut);
  if (nOut === 0) return out;
  const outer = collapseDims(keptShape, [x.strides.slice(0, keptShape.length)]);
  const inner = collapseDims(redShape, [x.strides.slice(keptShape.length)]);
  const w = new Words();
  w.push(nOut, nRed, 0);
  w.pushStrided(outer.shape, [{ offset: x.offset, strides: outer.strides[0]! }]);
  const innerAt = w.pushStrided(inner.shape, [{ offset: 0, strides: inner.strides[0]! }]);
  const words = w.build();
  words[2] = innerAt;
  const group = nRed >= GROUP_THRESHOLD;
  const inT = storageType(x.dtype);
  const outT = storageType(outDtype);
  const key = `reduce|${op}|${inT}|${outT}|${group ? 'g' : 't'}|${uniformVec4s(words.length)}`;
  const arg = op === 'argmax' || op === 'argmin';
  ctx.run(key, () => {
    const lines: string[] = [];
    const at = (lin: string, tag: string) => dynOffsets(lin, 'uw(2u)', ['q'], tag);
    let decls = '';
    if (group) {
      lines.push('  if (wg >= uw(0u)) { return; }');
      lines.push(dynOffsets('wg', 3, ['base'], 'o'));
    } else {
      lines.push('  if (gi >= uw(0u)) { return; }');
      lines.push(dynOffsets('gi', 3, ['base'], 'o'));
    }
    lines.push('  let nRed = uw(1u);');
    const start = group ? 'lid' : '0u';
    const step = group ? `${WORKGROUP}u` : '1u';
    if (arg) {
      // Sequential semantics of the reference: a later value wins only if strictly better; NaN never wins, and
      // a NaN in position 0 makes the answer 0.
      const better = op === 'argmax' ? '>' : '<';
      const nan = inT === 'f32' ? (v: string) => `isnan_f(${v})` : () => 'false';
      lines.push(`  var best: ${inT}; var bi: i32 = -1;`);
      lines.push(`  for (var j = ${start}; j < nRed; j = j + ${step}) {`);
      lines.push(at('j', 'i'));
      lines.push(`    let v = r0[u32(base + q)];`);
      lines.push(`    if (!${nan('v')} && (bi < 0 || v ${better} best)) { best = v; bi = i32(j); }`);
      lines.push('  }');
      if (group) {
        decls = `var<workgroup> sv: array<${inT}, ${WORKGROUP}>;\nvar<workgroup> si: array<i32, ${WORKGROUP}>;`;
        lines.push('  sv[lid] = best; si[lid] = bi;');
        lines.push('  workgroupBarrier();');
        lines.push(`  for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {`);
        lines.push('    if (lid < s) {');
        lines.push('      let a = sv[lid]; let ai = si[lid]; let b = sv[lid + s]; let bj = si[lid + s];');
        lines.push(`      if (bj >= 0 && (ai < 0 || b ${better} a || (b == a && bj < ai))) { sv[lid] = b; si[lid] = bj; }`);
        lines.push('    }');
        lines.push('    workgroupBarrier();');
        lines.push('  }');
        lines.push('  if (lid == 0u) {');
        lines.push('    var r = si[0];');
      } else {
        lines.push('  {');
        lines.push('    var r = bi;');
      }
      lines.push('    if (r < 0 || nRed == 0u) { r = 0; }');
      if (inT === 'f32') {
        lines.push('    if (nRed > 0u) {');
        lines.push(at('0u', 'z'));
        lines.push('      if (isnan_f(r0[u32(base + q)])) { r = 0; }');
        lines.push('    }');
      }
      lines.push(`    w0[${group ? 'wg' : 'gi'}] = r;`);
      lines.push('  }');
    } else {
      const c = opCode(op, inT, outT);
      const kahan = op === 'sum' && c.acc === 'f32';
      lines.push(`  var acc: ${c.acc} = ${c.init};`);
      if (kahan) lines.push('  var comp = 0.0;');
      lines.push(`  for (var j = ${start}; j < nRed; j = j + ${step}) {`);
      lines.push(at('j', 'i'));
      lines.push(`    let v = ${c.load('r0[u32(base + q)]')};`);
      if (kahan) {
        lines.push('    let y = v - comp; let t = acc + y;');
        lines.push('    if (isfinite_f(t)) { comp = (t - acc) - y; } else { comp = 0.0; }');
        lines.push('    acc = t;');
      } else lines.push(`    ${c.fold}`);
      lines.push('  }');
      if (group) {
        decls = `var<workgroup> sv: array<${c.acc}, ${WORKGROUP}>;`;
        lines.push('  sv[lid] = acc;');
        lines.push('  workgroupBarrier();');
        lines.push(`  for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {`);
        lines.push(`    if (lid < s) { sv[lid] = ${c.combine('sv[lid]', 'sv[lid + s]')}; }`);
        lines.push('    workgroupBarrier();');
        lines.push('  }');
        lines.push(`  if (lid == 0u) { w0[wg] = ${c.store('sv[0]')}; }`);
      } else {
        lines.push(`  w0[gi] = ${c.store('acc')};`);
      }
    }
    return { code: program({ uniformWords: words.length, reads: [inT], writes: [arg ? 'i32' : outT], decls, body: lines.join('\n') }), reads: 1, writes: 1 };
  }, [x.buffer], [out], words, group ? nOut : Math.ceil(nOut / WORKGROUP));
  return out;
}
