/**
 * The GEMM micro-kernel: one MR×NR tile of C from packed panels of A (MR values per k step) and B (NR values per
 * k step). The 16 accumulators are JS locals, so they sum in doubles.
 *
 * Measured on V8 (Node 20, x64, full GEMM on the MLP shapes): 4×4, 4×6, 6×4, 8×4, 4×5 and 2×4 tiles are within
 * ±5% (~3.7 GFLOPS); 4×8, 3×8 and 2×8 are slower. Float32Array panels, unrolling k by 2, `| 0` index arithmetic
 * and one shared panel array gained nothing. What bounds it: each typed-array load costs ~8 instructions (bounds
 * and overflow checks), and TurboFan schedules all products before the adds, so a quarter of the loop is spills;
 * the same loop with no loads runs ~2× faster. 4×4 wastes the least on small or odd shapes (N = 10 pads to 12).
 *
 * A block's partial sum starts from 0 and is added to C afterwards (`acc`); starting the accumulators from C
 * behind an `if (acc)` measured ~25% slower.
 */
export const MR = 4;
export const NR = 4;

export function micro(kc: number, A: Float64Array, ia: number, B: Float64Array, ib: number, C: Float64Array, ic: number, ldc: number, acc: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = B[ib]!; const b1 = B[ib + 1]!; const b2 = B[ib + 2]!; const b3 = B[ib + 3]!;
    const a0 = A[ia]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    const a1 = A[ia + 1]!;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    const a2 = A[ia + 2]!;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    const a3 = A[ia + 3]!;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ia += 4;
    ib += 4;
  }
  const r0 = ic;
  const r1 = ic + 1 * ldc;
  const r2 = ic + 2 * ldc;
  const r3 = ic + 3 * ldc;
  if (acc) {
    C[r0]! += c00; C[r0 + 1]! += c01; C[r0 + 2]! += c02; C[r0 + 3]! += c03;
    C[r1]! += c10; C[r1 + 1]! += c11; C[r1 + 2]! += c12; C[r1 + 3]! += c13;
    C[r2]! += c20; C[r2 + 1]! += c21; C[r2 + 2]! += c22; C[r2 + 3]! += c23;
    C[r3]! += c30; C[r3 + 1]! += c31; C[r3 + 2]! += c32; C[r3 + 3]! += c33;
  } else {
    C[r0] = c00; C[r0 + 1] = c01; C[r0 + 2] = c02; C[r0 + 3] = c03;
    C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
    C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
    C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
  }
}
