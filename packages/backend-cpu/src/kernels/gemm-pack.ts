import type { TypedArray } from '@tessera/core';
import { MR, NR } from './gemm-micro.js';

/**
 * Packing copies a block of A or B, from any strides, into the contiguous panel order the micro-kernel reads.
 * Transposed, sliced, reversed or broadcast operands cost nothing extra: only the read order changes. Rows and
 * columns past the edge are padded with zeros; they only feed tile entries that are never stored.
 */

/**
 * A rows i0..i0+mc (absolute offsets in rowOff), k in pc..pc+kc → Ap as MR-row panels: Ap[ip*kc + p*MR + i].
 * A full panel reads MR streams at once, which suits both row-major and transposed A.
 */
export function packA(A: TypedArray, rowOff: Float64Array, i0: number, mc: number, sak: number, pc: number, kc: number, Ap: Float64Array): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const d0 = ip * kc;
    if (ip + MR <= mc) {
      let s0 = rowOff[i0 + ip]! + pc * sak;
      let s1 = rowOff[i0 + ip + 1]! + pc * sak;
      let s2 = rowOff[i0 + ip + 2]! + pc * sak;
      let s3 = rowOff[i0 + ip + 3]! + pc * sak;
      for (let p = 0, d = d0; p < kc; p++, d += MR) {
        Ap[d] = A[s0]!;
        Ap[d + 1] = A[s1]!;
        Ap[d + 2] = A[s2]!;
        Ap[d + 3] = A[s3]!;
        s0 += sak;
        s1 += sak;
        s2 += sak;
        s3 += sak;
      }
      continue;
    }
    for (let i = 0; i < MR; i++) {
      if (ip + i < mc) {
        let s = rowOff[i0 + ip + i]! + pc * sak;
        for (let p = 0, d = d0 + i; p < kc; p++, d += MR, s += sak) Ap[d] = A[s]!;
      } else {
        for (let p = 0, d = d0 + i; p < kc; p++, d += MR) Ap[d] = 0;
      }
    }
  }
}

/**
 * B rows pc..pc+kc, columns j0..j0+nc (element (k, j) at base + k*sbk + j*sbn) → Bp as NR-column panels:
 * Bp[jp*kc + p*NR + j]. A full panel reads NR neighbouring columns per step (NR streams when B is transposed).
 */
export function packB(B: TypedArray, base: number, sbk: number, sbn: number, pc: number, kc: number, j0: number, nc: number, Bp: Float64Array): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const d0 = jp * kc;
    const s0 = base + pc * sbk + (j0 + jp) * sbn;
    if (jp + NR <= nc) {
      for (let p = 0, d = d0, s = s0; p < kc; p++, d += NR, s += sbk) {
        Bp[d] = B[s]!;
        Bp[d + 1] = B[s + sbn]!;
        Bp[d + 2] = B[s + 2 * sbn]!;
        Bp[d + 3] = B[s + 3 * sbn]!;
      }
      continue;
    }
    for (let j = 0; j < NR; j++) {
      if (jp + j < nc) {
        for (let p = 0, d = d0 + j, s = s0 + j * sbn; p < kc; p++, d += NR, s += sbk) Bp[d] = B[s]!;
      } else {
        for (let p = 0, d = d0 + j; p < kc; p++, d += NR) Bp[d] = 0;
      }
    }
  }
}
