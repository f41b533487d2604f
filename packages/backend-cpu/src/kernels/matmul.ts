import type { DType, TypedArray, View } from '@tessera/core';
import { newArray } from '../buffers.js';

/**
 * Batched matMul over strided [B,M,K]·[B,K,N] views. Rows of B are read along N with their own stride; each output
 * row accumulates in a Float64Array (doubles, as tfjs's CPU backend), then is stored once.
 */
export function matMul(a: View<TypedArray>, b: View<TypedArray>, outDtype: DType): TypedArray {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const out = newArray(outDtype, batch * m * n);
  const A = a.buffer;
  const Bf = b.buffer;
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const row = new Float64Array(n);
  for (let bi = 0; bi < batch; bi++) {
    const aBase = a.offset + bi * sab;
    const bBase = b.offset + bi * sbb;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      const aRow = aBase + i * sam;
      for (let p = 0; p < k; p++) {
        const av = A[aRow + p * sak]!;
        let q = bBase + p * sbk;
        for (let j = 0; j < n; j++, q += sbn) row[j]! += av * Bf[q]!;
      }
      out.set(row, (bi * m + i) * n);
    }
  }
  return out;
}
