import type { DType, FusedActivation, View } from '@tessera/core';
import type { GpuHandle } from '../runtime/handle.js';
import { storageType } from '../wgsl/scalar.js';
import { Words, program } from '../wgsl/program.js';
import type { KernelContext } from './context.js';

const TILE = 32; // output tile per workgroup (TILE x TILE), 8x8 threads with a 4x4 register tile each
const MAX_Z = 65535;

/**
 * Batched a [B,M,K] · b [B,K,N] → contiguous [B,M,N], with optional bias [B,M,N] (strided, broadcast) and
 * activation applied as each result is stored. A workgroup of 8x8 threads covers a 32x32 block of one batch;
 * each thread keeps a 4x4 register tile (four vec4 accumulators) and, per step of 4 along K, loads a vec4 of a
 * for each of its rows and a vec4 of b for each k, then does 16 vec4 multiply-adds. With a contiguous along K
 * (and b along N) in 16-byte-aligned rows, those loads are single vec4 loads; otherwise any strides work with
 * scalar loads. There is no workgroup memory: lavapipe compiles barriers into coroutines and took seconds per
 * pipeline on the shared-memory version, and on real GPUs the register tile's reuse plus the caches carry it.
 * Sums are f32 (int32 in i32, wrapping), so they differ from the CPU's double sums by float32 rounding.
 */
export function matMul(ctx: KernelContext, a: View<GpuHandle>, b: View<GpuHandle>, outDtype: DType): GpuHandle {
  return run(ctx, a, b, null, 'linear', 0, outDtype);
}

export function fusedMatMul(
  ctx: KernelContext, a: View<GpuHandle>, b: View<GpuHandle>, bias: View<GpuHandle> | null, activation: FusedActivation, alpha: number, outDtype: DType,
): GpuHandle {
  return run(ctx, a, b, bias, activation, alpha, outDtype);
}

function vec4Ok(view: View<GpuHandle>, inner: number, innerLen: number, outer: number): boolean {
  const s = view.strides;
  return s[inner] === 1 && innerLen % 4 === 0 && view.offset % 4 === 0 && s[outer]! % 4 === 0 && s[0]! % 4 === 0 && view.dtype !== 'bool';
}

/**
 * Activations, chosen at run time by a uniform (one pipeline serves all of them: on lavapipe each pipeline costs
 * seconds of LLVM time, and a uniform branch costs nothing). NaN rules as core's scalar helpers.
 */
const ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'leakyrelu'];
const ACTIVATION_CODE = `
  switch act {
    case 1u: { z = max_f(z, 0.0); }
    case 2u: { z = min_f(max_f(z, 0.0), 6.0); }
    case 3u: { z = 1.0 / (1.0 + exp(-z)); }
    case 4u: { z = tanh_f(z); }
    case 5u: { z = select(expm1_f(z), z, z > 0.0); }
    case 6u: { z = select(alpha * z, z, z > 0.0); }
    default: {}
  }`;

function run(
  ctx: KernelContext, a: View<GpuHandle>, b: View<GpuHandle>, bias: View<GpuHandle> | null, activation: FusedActivation, alpha: number, outDtype: DType,
): GpuHandle {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (Math.ceil(N / TILE) > MAX_Z || Math.ceil(M / TILE) > MAX_Z) {
    throw new RangeError(`webgpu matMul: an output of [${M}, ${N}] needs more than ${MAX_Z} workgroups along one dimension (${TILE}x${TILE} tiles). Split the product into blocks of at most ${MAX_Z * TILE} rows and columns.`);
  }
  const out = ctx.alloc(outDtype, B * M * N);
  if (B * M * N === 0) return out;
  const T = storageType(outDtype);
  // Accumulate in f32 for float results, i32 otherwise (bool products count as 0/1 integers).
  const acc = T === 'f32' ? 'f32' : 'i32';
  const va = acc === 'f32' ? a.dtype === 'float32' && vec4Ok(a, 2, K, 1) : a.dtype === 'int32' && vec4Ok(a, 2, K, 1);
  const vb = acc === 'f32' ? b.dtype === 'float32' && vec4Ok(b, 2, N, 1) : b.dtype === 'int32' && vec4Ok(b, 2, N, 1);
  // One binding per (buffer, vec4-ness): a and b may share a buffer (x·xᵀ), and so may the bias.
  const bindings: { h: GpuHandle; vec: boolean }[] = [];
  const slot = (h: GpuHandle, vec: boolean) => {
    const i = bindings.findIndex((x) => x.h === h && x.vec === vec);
    return i >= 0 ? i : bindings.push({ h, vec }) - 1;
  };
  const sa = slot(a.buffer, va);
  const sb = slot(b.buffer, vb);
  const sbias = bias ? slot(bias.buffer, false) : -1;
  const buffers = bindings.map((x) => x.h);
  const readTypes = bindings.map((x) => (x.vec ? `vec4<${storageType(x.h.dtype)}>` : storageType(x.h.dtype)));
  // Float results always go through the epilogue (bias and activation off by uniform); integer ones only when
  // fused, since the epilogue computes in f32.
  const epilogue = T === 'f32' || bias !== null || activation !== 'linear';
  const key = `matmul|${readTypes.join(',')}|${sa},${sb},${sbias}|${T}|${va ? 'va' : ''}${vb ? 'vb' : ''}|${epilogue ? 'e' : ''}`;
  const f32 = new Float32Array([alpha]);
  for (let b0 = 0; b0 < B; b0 += MAX_Z) {
    const w = new Words();
    w.push(M, N, K, b0);
    w.push(a.offset, a.strides[0]!, a.strides[1]!, a.strides[2]!);
    w.push(b.offset, b.strides[0]!, b.strides[1]!, b.strides[2]!);
    if (bias) w.push(bias.offset, bias.strides[0]!, bias.strides[1]!, bias.strides[2]!);
    else w.push(0, 0, 0, 0);
    w.pushWords(new Uint32Array(f32.buffer));
    w.push(ACTIVATIONS.indexOf(activation));
    ctx.run(key, () => source(readTypes, sa, sb, sbias, T, acc, va, vb, epilogue, w.length), buffers, [out], w.build(), [
      Math.ceil(N / TILE), Math.ceil(M / TILE), Math.min(MAX_Z, B - b0),
    ]);
  }
  return out;
}

function source(
  readTypes: string[], sa: number, sb: number, sbias: number, T: string, acc: string, va: boolean, vb: boolean, fused: boolean, words: number,
) {
  let epilogueDecl = '';
  const A = `r${sa}`;
  const Bb = `r${sb}`;
  const elemA = readTypes[sa]!.replace(/vec4<(.*)>/, '$1');
  const elemB = readTypes[sb]!.replace(/vec4<(.*)>/, '$1');
  const cvt = (v: string, from: string) => (from === acc ? v : acc === 'f32' ? `f32(${v})` : `i32(${v})`);
  const zero = acc === 'f32' ? '0.0' : '0';
  const L: string[] = [];
  L.push('  let M = uw(0u); let N = uw(1u); let K = uw(2u);');
  L.push('  let batch = wid.z + uw(3u);');
  L.push(`  let row0 = wid.y * ${TILE}u; let col0 = wid.x * ${TILE}u;`);
  L.push('  let tx = lid % 8u; let ty = lid / 8u;');
  L.push('  let aBase = ui(4u) + i32(batch) * ui(5u); let aSm = ui(6u); let aSk = ui(7u);');
  L.push('  let bBase = ui(8u) + i32(batch) * ui(9u); let bSk = ui(10u); let bSn = ui(11u);');
  L.push(`  var c0 = vec4<${acc}>(); var c1 = vec4<${acc}>(); var c2 = vec4<${acc}>(); var c3 = vec4<${acc}>();`);
  L.push('  let m0 = row0 + ty * 4u; let n0 = col0 + tx * 4u;');
  L.push(`  for (var k = 0u; k < K; k = k + 4u) {`);
  // Rows of a: a vec4 along k for each of the thread's 4 rows (zero outside the matrix).
  for (let i = 0; i < 4; i++) {
    L.push(`    var a${i} = vec4<${acc}>();`);
    L.push(`    if (m0 + ${i}u < M) {`);
    if (va) {
      L.push(`      a${i} = vec4<${acc}>(${A}[u32(aBase + i32(m0 + ${i}u) * aSm + i32(k)) / 4u]);`);
    } else {
      L.push(`      let p = aBase + i32(m0 + ${i}u) * aSm;`);
      for (let q = 0; q < 4; q++) {
        L.push(`      if (k + ${q}u < K) { a${i}.${'xyzw'[q]} = ${cvt(`${A}[u32(p + i32(k + ${q}u) * aSk)]`, elemA)}; }`);
      }
    }
    L.push('    }');
  }
  // Rows of b: a vec4 along n for each of the 4 k's.
  for (let q = 0; q < 4; q++) {
    L.push(`    var b${q} = vec4<${acc}>();`);
    L.push(`    if (k + ${q}u < K) {`);
    if (vb) {
      L.push(`      if (n0 < N) { b${q} = vec4<${acc}>(${Bb}[u32(bBase + i32(k + ${q}u) * bSk + i32(n0)) / 4u]); }`);
    } else {
      L.push(`      let p = bBase + i32(k + ${q}u) * bSk;`);
      for (let j = 0; j < 4; j++) {
        L.push(`      if (n0 + ${j}u < N) { b${q}.${'xyzw'[j]} = ${cvt(`${Bb}[u32(p + i32(n0 + ${j}u) * bSn)]`, elemB)}; }`);
      }
    }
    L.push('    }');
  }
  for (let i = 0; i < 4; i++) L.push(`    c${i} = c${i} + a${i}.x * b0 + a${i}.y * b1 + a${i}.z * b2 + a${i}.w * b3;`);
  L.push('  }');
  L.push('  let alpha = bitcast<f32>(uw(16u));');
  if (fused) {
    // The product is rounded to the output type, then product + bias, then the activation (as core's lowering).
    const decl: string[] = [];
    decl.push(`fn epilogue(acc: ${acc}, batch: u32, gm: u32, gn: u32, alpha: f32) -> ${T} {`);
    decl.push('  let act = uw(17u);');
    decl.push(`  var z = ${acc === 'f32' ? 'acc' : 'f32(acc)'};`);
    if (sbias >= 0) {
      const biasT = readTypes[sbias]!;
      decl.push('  let bq = ui(12u) + i32(batch) * ui(13u) + i32(gm) * ui(14u) + i32(gn) * ui(15u);');
      decl.push(`  z = z + ${biasT === 'f32' ? `r${sbias}[u32(bq)]` : `f32(r${sbias}[u32(bq)])`};`);
    }
    decl.push(ACTIVATION_CODE);
    decl.push(`  return ${storeAs('z', 'f32', T)};`);
    decl.push('}');
    epilogueDecl = decl.join('\n');
  }
  // A loop, not straight-line code: lavapipe's LLVM takes seconds on 16 unrolled guarded stores.
  L.push(`  var rows = array<vec4<${acc}>, 4>(c0, c1, c2, c3);`);
  L.push('  for (var i = 0u; i < 4u; i = i + 1u) {');
  L.push('    let gm = row0 + ty * 4u + i;');
  L.push('    if (gm >= M) { continue; }');
  L.push('    for (var j = 0u; j < 4u; j = j + 1u) {');
  L.push('      let gn = col0 + tx * 4u + j;');
  L.push('      if (gn >= N) { continue; }');
  L.push(`      w0[(batch * M + gm) * N + gn] = ${fused ? 'epilogue(rows[i][j], batch, gm, gn, alpha)' : storeAs('rows[i][j]', acc, T)};`);
  L.push('    }');
  L.push('  }');
  const decls = epilogueDecl;
  return { code: program({ uniformWords: words, reads: readTypes, writes: [T], decls, body: L.join('\n') }), reads: readTypes.length, writes: 1 };
}

function storeAs(v: string, from: string, to: string): string {
  if (from === to) return v;
  if (to === 'f32') return `f32(${v})`;
  if (to === 'i32') return from === 'f32' ? `f2i(${v})` : v;
  // bool: the low byte of the integer sum, as a store into the CPU's Uint8Array.
  return from === 'f32' ? `(bitcast<u32>(f2i(${v})) & 255u)` : `(bitcast<u32>(${v}) & 255u)`;
}
