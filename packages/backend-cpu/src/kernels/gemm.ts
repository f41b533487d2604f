import type { TypedArray, View } from '@tessera/core';
import { micro, MR, NR } from './gemm-micro.js';
import { packA, packB } from './gemm-pack.js';

/**
 * Writes `n` finished sums (doubles, src[s..s+n]) into out[o..o+n]: output row `row` (batch·M + i), columns
 * col0..col0+n. The plain store rounds once (the typed-array store); the fused one adds bias and activation.
 */
export type RowStore = (out: TypedArray, o: number, src: Float64Array, s: number, n: number, row: number, col0: number) => void;

export const storePlain: RowStore = (out, o, src, s, n) => {
  for (let j = 0; j < n; j++) out[o + j] = src[s + j]!;
};

// Blocking: KC k-steps per packed block (a B panel is 8 KB, L1), MC rows of A per packed block (256 KB, L2), NC
// columns of B per packed block, RB rows of C per pass (bounds the C scratch to RB×NC doubles). On the MLP shapes
// KC 128–1024, MC 64–256 and NC 256–1024 all measured the same: the micro-kernel, not memory, is the limit.
const KC = 256;
const MC = 128;
const NC = 512;
const RB = 512;
/** Fewer multiply-adds than this (or < 4 rows, or < 3 columns) run faster without packing (measured). */
const SMALL = 512;

// Scratch reused across calls (kernels run synchronously, one at a time); every size is bounded by the blocking.
let Ap = new Float64Array(0);
let Bp = new Float64Array(0);
let Cs = new Float64Array(0);
let rowBuf = new Float64Array(0);

const roundUp = (x: number, m: number) => Math.ceil(x / m) * m;

/**
 * out[B,M,N] = a[B,M,K] · b[B,K,N] for strided views, every sum accumulated in doubles and passed to `store` once.
 * A batch-broadcast b (batch stride 0) folds the batch into the rows of one product.
 */
export function gemm(a: View<TypedArray>, b: View<TypedArray>, out: TypedArray, store: RowStore): void {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  if (batch === 0 || m === 0 || n === 0) return;
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const fold = batch === 1 || sbb === 0;
  const rows = fold ? batch * m : m;
  const rowOff = new Float64Array(rows);
  for (let bi = 0; bi < (fold ? 1 : batch); bi++) {
    for (let r = 0; r < rows; r++) {
      const i = r % m;
      rowOff[r] = a.offset + (bi + (r - i) / m) * sab + i * sam;
    }
    const row0 = fold ? 0 : bi * m;
    const bBase = b.offset + bi * sbb;
    if (rows < MR || n < 3 || rows * n * k < SMALL) direct(a.buffer, rowOff, sak, b.buffer, bBase, sbk, sbn, rows, k, n, out, row0, store);
    else packed(a.buffer, rowOff, sak, b.buffer, bBase, sbk, sbn, rows, k, n, out, row0, store);
  }
}

/**
 * One output row at a time, accumulated in a Float64Array, four k steps per pass over the row (same summation
 * order as a plain loop): cheaper than packing for a single row or a tiny product.
 */
function direct(
  A: TypedArray, rowOff: Float64Array, sak: number, B: TypedArray, bBase: number, sbk: number, sbn: number,
  rows: number, k: number, n: number, out: TypedArray, row0: number, store: RowStore,
): void {
  if (rowBuf.length < n) rowBuf = new Float64Array(n);
  const acc = rowBuf;
  for (let r = 0; r < rows; r++) {
    acc.fill(0, 0, n);
    const aRow = rowOff[r]!;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const s = aRow + p * sak;
      const a0 = A[s]!, a1 = A[s + sak]!, a2 = A[s + 2 * sak]!, a3 = A[s + 3 * sak]!;
      let q = bBase + p * sbk;
      for (let j = 0; j < n; j++, q += sbn) {
        let t = acc[j]!;
        t += a0 * B[q]!;
        t += a1 * B[q + sbk]!;
        t += a2 * B[q + 2 * sbk]!;
        t += a3 * B[q + 3 * sbk]!;
        acc[j] = t;
      }
    }
    for (; p < k; p++) {
      const av = A[aRow + p * sak]!;
      let q = bBase + p * sbk;
      for (let j = 0; j < n; j++, q += sbn) acc[j]! += av * B[q]!;
    }
    store(out, (row0 + r) * n, acc, 0, n, row0 + r, 0);
  }
}

/** Blocked product over packed panels (GotoBLAS order): B block in L3/L2, A block in L2, one B panel in L1. */
function packed(
  A: TypedArray, rowOff: Float64Array, sak: number, B: TypedArray, bBase: number, sbk: number, sbn: number,
  rows: number, k: number, n: number, out: TypedArray, row0: number, store: RowStore,
): void {
  const kcMax = Math.min(KC, k);
  const ncMax = roundUp(Math.min(NC, n), NR);
  if (Ap.length < kcMax * MC) Ap = new Float64Array(kcMax * MC);
  if (Bp.length < kcMax * ncMax) Bp = new Float64Array(kcMax * ncMax);
  if (Cs.length < roundUp(Math.min(RB, rows), MR) * ncMax) Cs = new Float64Array(roundUp(Math.min(RB, rows), MR) * ncMax);
  for (let r0 = 0; r0 < rows; r0 += RB) {
    const rb = Math.min(RB, rows - r0);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const nc = Math.min(NC, n - j0);
      const ldc = roundUp(nc, NR);
      if (k === 0) Cs.fill(0, 0, roundUp(rb, MR) * ldc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        packB(B, bBase, sbk, sbn, pc, kc, j0, nc, Bp);
        for (let i0 = 0; i0 < rb; i0 += MC) {
          const mc = Math.min(MC, rb - i0);
          packA(A, rowOff, r0 + i0, mc, sak, pc, kc, Ap);
          const mcp = roundUp(mc, MR);
          for (let jr = 0; jr < ldc; jr += NR) {
            for (let ir = 0; ir < mcp; ir += MR) micro(kc, Ap, ir * kc, Bp, jr * kc, Cs, (i0 + ir) * ldc + jr, ldc, pc > 0);
          }
        }
      }
      for (let r = 0; r < rb; r++) {
        const row = row0 + r0 + r;
        store(out, row * n + j0, Cs, r * ldc, nc, row, j0);
      }
    }
  }
}
