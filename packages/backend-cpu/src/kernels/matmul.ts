import type { DType, TypedArray, View } from '@tessera/core';
import { newArray } from '../buffers.js';
import { gemm, storePlain } from './gemm.js';

/**
 * Batched matMul over strided [B,M,K]·[B,K,N] views → contiguous [B,M,N]. Every output is a double-precision sum
 * (as tfjs's CPU backend) rounded once into `outDtype`; see gemm.ts for the packed, register-blocked kernel.
 */
export function matMul(a: View<TypedArray>, b: View<TypedArray>, outDtype: DType): TypedArray {
  const out = newArray(outDtype, a.shape[0]! * a.shape[1]! * b.shape[2]!);
  gemm(a, b, out, storePlain);
  return out;
}
