// Batched matMul. float32: Goto-style blocking with packed panels (A in 4-row panels, B in 8-column panels) and
// a 4×8 register-blocked f32x4 micro-kernel (XNNPACK's WASM SIMD shape for x86), fused bias + activation on the
// way out. Other dtypes: a straightforward loop accumulating in f64 like the reference.

import { esizeShift, loadAsF64, storeFromF64, offs } from './common';


// Parameter block offsets (int32 words unless noted).
// 0 B, 1 M, 2 N, 3 K, 4 aPtr, 5 sab, 6 sam, 7 sak, 8 bPtr, 9 sbb, 10 sbk, 11 sbn, 12 outPtr, 13 dtype (of a, b),
// 14 outDt, 15 biasPtr (0: none), 16 biasDt, 17 sbiasB, 18 sbiasM, 19 sbiasN, 20 activation, 21 MC, 22 KC,
// 23 NC, 24..25 alpha (f64, byte 96), 26 dtype of b.

export const ACT_LINEAR: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_RELU6: i32 = 2;
export const ACT_SIGMOID: i32 = 3;
export const ACT_TANH: i32 = 4;
export const ACT_ELU: i32 = 5;
export const ACT_LEAKYRELU: i32 = 6;

// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** The activations with the NaN rules of core's scalar exprs (relu is max(x, 0), sigmoid 1/(1+exp(-x)), ...). */
export function activate(act: i32, v: f64, alpha: f64): f64 {
  switch (act) {
    case ACT_RELU:
      return v > 0 || v != v ? v : 0;
    case ACT_RELU6: {
      const m = v > 0 || v != v ? v : 0;
      return m < 6 || m != m ? m : 6;
    }
    case ACT_SIGMOID:
      return 1 / (1 + Math.exp(-v));
    case ACT_TANH:
      return Math.tanh(v);
    case ACT_ELU:
      return v > 0 ? v : Math.expm1(v);
    case ACT_LEAKYRELU:
      return v > 0 ? v : alpha * v;
    default:
      return v;
  }
}

/** Packs rows [i0, i0+mc) × k [p0, p0+kc) of A into 4-row panels: panel r holds kc groups of 4 (zero padded). */
function packA(A: usize, sam: i32, sak: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += 4) {
    const rows = min(4, mc - ir);
    const row0 = offs(A, (i0 + ir) * sam + p0 * sak, 2);
    let k = 0;
    if (rows == 4 && sak == 1) {
      // Row-major A: transpose 4×4 blocks.
      const r1 = offs(row0, sam, 2);
      const r2 = offs(row0, 2 * sam, 2);
      const r3 = offs(row0, 3 * sam, 2);
      for (; k + 4 <= kc; k += 4) {
        const kb = <usize>k << 2;
        const a0 = v128.load(row0 + kb);
        const a1 = v128.load(r1 + kb);
        const a2 = v128.load(r2 + kb);
        const a3 = v128.load(r3 + kb);
        const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(a0, a1, 2, 6, 3, 7);
        const t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
        v128.store(dst, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
        v128.store(dst, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
        v128.store(dst, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
        v128.store(dst, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
        dst += 64;
      }
    } else if (rows == 4 && sam == 1) {
      // Column-major A (a transposed operand): each k's 4 rows are adjacent.
      for (; k < kc; k++) {
        v128.store(dst, v128.load(offs(row0, k * sak, 2)));
        dst += 16;
      }
    }
    for (; k < kc; k++) {
      for (let r = 0; r < 4; r++) {
        store<f32>(dst, r < rows ? load<f32>(offs(row0, r * sam + k * sak, 2)) : 0);
        dst += 4;
      }
    }
  }
}

/** Packs k [p0, p0+kc) × columns [j0, j0+nc) of B into 8-column panels: panel c holds kc groups of 8. */
function packB(B: usize, sbk: i32, sbn: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += 8) {
    const cols = min(8, nc - jr);
    const col0 = offs(B, p0 * sbk + (j0 + jr) * sbn, 2);
    let k = 0;
    if (cols == 8 && sbn == 1) {
      for (; k < kc; k++) {
        const src = offs(col0, k * sbk, 2);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32;
      }
    } else if (cols == 8 && sbk == 1) {
      // Column-major B (a transposed operand): transpose 4×4 blocks of two column quads.
      for (; k + 4 <= kc; k += 4) {
        for (let h = 0; h < 2; h++) {
          const c0 = offs(col0, (4 * h) * sbn + k, 2);
          const b0 = v128.load(c0);
          const b1 = v128.load(offs(c0, sbn, 2));
          const b2 = v128.load(offs(c0, 2 * sbn, 2));
          const b3 = v128.load(offs(c0, 3 * sbn, 2));
          const t0 = i32x4.shuffle(b0, b1, 0, 4, 1, 5);
          const t1 = i32x4.shuffle(b2, b3, 0, 4, 1, 5);
          const t2 = i32x4.shuffle(b0, b1, 2, 6, 3, 7);
          const t3 = i32x4.shuffle(b2, b3, 2, 6, 3, 7);
          const q = dst + (<usize>h << 4);
          v128.store(q, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
          v128.store(q, i32x4.shuffle(t0, t1, 2, 3, 6, 7), 32);
          v128.store(q, i32x4.shuffle(t2, t3, 0, 1, 4, 5), 64);
          v128.store(q, i32x4.shuffle(t2, t3, 2, 3, 6, 7), 96);
        }
        dst += 128;
      }
    }
    for (; k < kc; k++) {
      const src = offs(col0, k * sbk, 2);
      for (let c = 0; c < 8; c++) {
        store<f32>(dst, c < cols ? load<f32>(offs(src, c * sbn, 2)) : 0);
        dst += 4;
      }
    }
  }
}

/**
 * C[4×8] (+)= Apanel · Bpanel over kc. Full tiles go straight to C (row stride ldc bytes); edge tiles go through
 * `tile` and only the valid rows × cols are written.
 */
function kernel4x8(kc: i32, a: usize, b: usize, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool, tile: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const va = v128.load(a);
    const a0 = i32x4.shuffle(va, va, 0, 0, 0, 0);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    const a1 = i32x4.shuffle(va, va, 1, 1, 1, 1);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    const a2 = i32x4.shuffle(va, va, 2, 2, 2, 2);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    const a3 = i32x4.shuffle(va, va, 3, 3, 3, 3);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
    a += 16;
    b += 32;
  }
  if (rows == 4 && cols == 8) {
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(c));
      c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldc));
      c11 = f32x4.add(c11, v128.load(c + ldc, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
      c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
      c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(c + ldc, c10);
    v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20);
    v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30);
    v128.store(c + 3 * ldc, c31, 16);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  for (let r = 0; r < rows; r++) {
    const dstRow = c + <usize>r * ldc;
    const srcRow = tile + (<usize>r << 5);
    for (let j = 0; j < cols; j++) {
      const q = dstRow + (<usize>j << 2);
      const v = load<f32>(srcRow + (<usize>j << 2));
      store<f32>(q, accumulate ? load<f32>(q) + v : v);
    }
  }
}

/** Bias and activation over rows [i0, i1) × cols [j0, j1) of one batch's output (float32 out). */
function epilogue(P: usize, bi: i32, C: usize, N: i32, i0: i32, i1: i32, j0: i32, j1: i32): void {
  const biasPtr = <usize>load<u32>(P, 60);
  const act = load<i32>(P, 80);
  if (biasPtr == 0 && act == ACT_LINEAR) return;
  const biasDt = load<i32>(P, 64);
  const sbb = load<i32>(P, 68);
  const sbm = load<i32>(P, 72);
  const sbn = load<i32>(P, 76);
  const alpha = load<f64>(P, 96);
  const bsh = esizeShift(biasDt);
  for (let i = i0; i < i1; i++) {
    const row = C + (<usize>i * <usize>N << 2);
    const brow = bi * sbb + i * sbm;
    for (let j = j0; j < j1; j++) {
      const q = row + (<usize>j << 2);
      let v = <f64>load<f32>(q);
      if (biasPtr != 0) v = <f64><f32>(v + loadAsF64(offs(biasPtr, brow + j * sbn, bsh), biasDt));
      store<f32>(q, <f32>activate(act, v, alpha));
    }
  }
}

/** float32 matMul over output rows [i0, i1) × cols [j0, j1) of every batch. T: packed A, packed B, a tile. */
export function mmF32(P: usize, T: usize, i0: i32, i1: i32, j0: i32, j1: i32): void {
  const nb = load<i32>(P);
  const M = load<i32>(P, 4);
  const N = load<i32>(P, 8);
  const K = load<i32>(P, 12);
  const aPtr = <usize>load<u32>(P, 16);
  const sab = load<i32>(P, 20);
  const sam = load<i32>(P, 24);
  const sak = load<i32>(P, 28);
  const bPtr = <usize>load<u32>(P, 32);
  const sbb = load<i32>(P, 36);
  const sbk = load<i32>(P, 40);
  const sbn = load<i32>(P, 44);
  const out = <usize>load<u32>(P, 48);
  const MC = load<i32>(P, 84);
  const KC = load<i32>(P, 88);
  const NC = load<i32>(P, 92);
  const Ap = T;
  const Bp = Ap + (<usize>(((MC + 3) & ~3) * KC) << 2);
  const tile = Bp + (<usize>(((NC + 7) & ~7) * KC) << 2);
  const ldc = <usize>N << 2;
  for (let bi = 0; bi < nb; bi++) {
    const A = offs(aPtr, bi * sab, 2);
    const B = offs(bPtr, bi * sbb, 2);
    const C = out + ((<usize>bi * <usize>M * <usize>N) << 2);
    if (K == 0) {
      for (let i = i0; i < i1; i++) memory.fill(C + (<usize>i * <usize>N + <usize>j0 << 2), 0, <usize>(j1 - j0) << 2);
    }
    for (let jc = j0; jc < j1; jc += NC) {
      const nc = min(NC, j1 - jc);
      for (let pc = 0; pc < K; pc += KC) {
        const kc = min(KC, K - pc);
        packB(B, sbk, sbn, pc, kc, jc, nc, Bp);
        for (let ic = i0; ic < i1; ic += MC) {
          const mc = min(MC, i1 - ic);
          packA(A, sam, sak, ic, mc, pc, kc, Ap);
          for (let jr = 0; jr < nc; jr += 8) {
            const bpanel = Bp + (<usize>(jr * kc) << 2);
            const cols = min(8, nc - jr);
            for (let ir = 0; ir < mc; ir += 4) {
              const c = C + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
              kernel4x8(kc, Ap + (<usize>(ir * kc) << 2), bpanel, c, ldc, min(4, mc - ir), cols, pc > 0, tile);
            }
          }
        }
      }
    }
    epilogue(P, bi, C, N, i0, i1, j0, j1);
  }
}

/** Any-dtype matMul over output rows [i0, i1) of every batch, accumulating each row in f64. T: N f64 values. */
export function mmGeneric(P: usize, T: usize, i0: i32, i1: i32): void {
  const nb = load<i32>(P);
  const M = load<i32>(P, 4);
  const N = load<i32>(P, 8);
  const K = load<i32>(P, 12);
  const aPtr = <usize>load<u32>(P, 16);
  const sab = load<i32>(P, 20);
  const sam = load<i32>(P, 24);
  const sak = load<i32>(P, 28);
  const bPtr = <usize>load<u32>(P, 32);
  const sbb = load<i32>(P, 36);
  const sbk = load<i32>(P, 40);
  const sbn = load<i32>(P, 44);
  const out = <usize>load<u32>(P, 48);
  const dt = load<i32>(P, 52);
  const outDt = load<i32>(P, 56);
  const dtB = load<i32>(P, 104);
  const sh = esizeShift(dt);
  const shB = esizeShift(dtB);
  const osh = esizeShift(outDt);
  for (let bi = 0; bi < nb; bi++) {
    for (let i = i0; i < i1; i++) {
      memory.fill(T, 0, <usize>N << 3);
      const arow = bi * sab + i * sam;
      for (let p = 0; p < K; p++) {
        const av = loadAsF64(offs(aPtr, arow + p * sak, sh), dt);
        const brow = bi * sbb + p * sbk;
        for (let j = 0; j < N; j++) {
          const q = T + (<usize>j << 3);
          store<f64>(q, load<f64>(q) + av * loadAsF64(offs(bPtr, brow + j * sbn, shB), dtB));
        }
      }
      const orow = out + ((<usize>(bi * M + i) * <usize>N) << osh);
      for (let j = 0; j < N; j++) storeFromF64(orow + (<usize>j << osh), outDt, load<f64>(T + (<usize>j << 3)));
    }
    epilogueAny(P, bi, out, M, N, i0, i1, outDt);
  }
}

function epilogueAny(P: usize, bi: i32, out: usize, M: i32, N: i32, i0: i32, i1: i32, outDt: i32): void {
  const biasPtr = <usize>load<u32>(P, 60);
  const act = load<i32>(P, 80);
  if (biasPtr == 0 && act == ACT_LINEAR) return;
  const biasDt = load<i32>(P, 64);
  const sbb = load<i32>(P, 68);
  const sbm = load<i32>(P, 72);
  const sbn = load<i32>(P, 76);
  const alpha = load<f64>(P, 96);
  const osh = esizeShift(outDt);
  const bsh = esizeShift(biasDt);
  for (let i = i0; i < i1; i++) {
    const row = out + ((<usize>(bi * M + i) * <usize>N) << osh);
    for (let j = 0; j < N; j++) {
      const q = row + (<usize>j << osh);
      let v = loadAsF64(q, outDt);
      if (biasPtr != 0) {
        storeFromF64(q, outDt, v + loadAsF64(offs(biasPtr, bi * sbb + i * sbm + j * sbn, bsh), biasDt));
        v = loadAsF64(q, outDt);
      }
      storeFromF64(q, outDt, activate(act, v, alpha));
    }
  }
}

