import { PRELUDE } from './prelude.js';

export const WORKGROUP = 64;

export interface ProgramSpec {
  /** Number of u32 words in the uniform block (shapes, strides, offsets, constants). */
  uniformWords: number;
  /** Element types of the read-only storage buffers, bound as r0, r1, ... */
  reads: readonly string[];
  /** Element types of the read-write storage buffers, bound as w0, w1, ... */
  writes: readonly string[];
  /** Module-scope declarations (workgroup memory, helper functions). */
  decls?: string;
  /** Body of `main`; `gi` is the global invocation index, `lid` the local one, `wg` the linear workgroup id. */
  body: string;
  workgroupSize?: number;
}

/**
 * Assembles a compute shader: one uniform block read through `uw(i)` (u32) / `ui(i)` (i32), storage bindings in
 * the order the pipeline layout expects, the scalar helpers, and a 1-D entry point over a 2-D grid of workgroups
 * (large dispatches spill into y; the linear ids are rebuilt here).
 */
export function program(p: ProgramSpec): string {
  const vec4s = uniformVec4s(p.uniformWords);
  const wgs = p.workgroupSize ?? WORKGROUP;
  const lines: string[] = [];
  lines.push(`struct U { d: array<vec4<u32>, ${vec4s}> };`);
  lines.push('@group(0) @binding(0) var<uniform> u: U;');
  let b = 1;
  p.reads.forEach((t, i) => lines.push(`@group(0) @binding(${b++}) var<storage, read> r${i}: array<${t}>;`));
  p.writes.forEach((t, i) => lines.push(`@group(0) @binding(${b++}) var<storage, read_write> w${i}: array<${t}>;`));
  lines.push('fn uw(i: u32) -> u32 { return u.d[i >> 2u][i & 3u]; }');
  lines.push('fn ui(i: u32) -> i32 { return bitcast<i32>(u.d[i >> 2u][i & 3u]); }');
  lines.push(PRELUDE);
  if (p.decls) lines.push(p.decls);
  lines.push(`@compute @workgroup_size(${wgs})`);
  lines.push('fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {');
  lines.push('  let wg = wid.x + wid.y * nwg.x;');
  lines.push(`  let gi = wg * ${wgs}u + lid;`);
  lines.push(p.body);
  lines.push('}');
  return lines.join('\n');
}

/**
 * Size of the uniform block in vec4s: rounded up to a power of two (at least 4), so the rank of the operands,
 * which changes the word count, rarely changes the shader.
 */
export function uniformVec4s(words: number): number {
  return Math.max(4, 2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(words / 4)))));
}

/** Packs uniform words: u32 and i32 values, remembering where each group starts. */
export class Words {
  private readonly data: number[] = [];
  get length(): number {
    return this.data.length;
  }
  push(...values: number[]): number {
    const at = this.data.length;
    for (const v of values) this.data.push(v >>> 0);
    return at;
  }
  pushWords(words: ArrayLike<number>): number {
    const at = this.data.length;
    for (let i = 0; i < words.length; i++) this.data.push(words[i]! >>> 0);
    return at;
  }
  /**
   * A runtime-rank strided layout (see `dynOffsets`): rank, shape, then per operand its offset and strides.
   * Returns where it starts.
   */
  pushStrided(shape: readonly number[], operands: readonly { offset: number; strides: readonly number[] }[]): number {
    const at = this.push(shape.length, ...shape);
    for (const o of operands) this.push(o.offset, ...o.strides);
    return at;
  }
  build(): Uint32Array {
    return Uint32Array.from(this.data);
  }
}

/**
 * WGSL turning the linear index `lin` into element offsets (i32 variables `names[k]`) of strided operands laid out
 * by `Words.pushStrided` at word `at`. The rank is read at run time, so one pipeline serves every rank; rank 1
 * (contiguous or uniformly strided data, the common case after collapsing dims) skips the index arithmetic.
 */
export function dynOffsets(lin: string, at: number | string, names: readonly string[], tag: string): string {
  const A = typeof at === 'number' ? `${at}u` : `(${at})`;
  const r = `rk_${tag}`;
  const ob = `ob_${tag}`;
  const out: string[] = [];
  out.push(`  let ${r} = uw(${A});`);
  out.push(`  let ${ob} = ${A} + 1u + ${r};`);
  names.forEach((n, k) => out.push(`  var ${n}: i32 = ui(${ob} + ${k}u * (${r} + 1u));`));
  out.push(`  if (${r} == 1u) {`);
  names.forEach((n, k) => out.push(`    ${n} = ${n} + i32(${lin}) * ui(${ob} + ${k}u * (${r} + 1u) + 1u);`));
  out.push('  } else {');
  out.push(`    var rem: u32 = ${lin};`);
  out.push(`    for (var d = ${r}; d > 0u; d = d - 1u) {`);
  out.push(`      let n = uw(${A} + d);`);
  out.push('      let c = i32(rem % n);');
  out.push('      rem = rem / n;');
  names.forEach((n, k) => out.push(`      ${n} = ${n} + c * ui(${ob} + ${k}u * (${r} + 1u) + d);`));
  out.push('    }');
  out.push('  }');
  return out.join('\n');
}
