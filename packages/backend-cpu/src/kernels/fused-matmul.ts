import type { DType, FusedActivation, TypedArray, View } from '@tessera/core';
import { newArray } from '../buffers.js';
import { gemm } from './gemm.js';
import type { RowStore } from './gemm.js';

/**
 * matMul + bias + activation in one pass: the bias and activation are applied as each finished row is stored.
 * Results equal core's composition exactly: the product is rounded to `outDtype`, then product + bias is rounded,
 * then the activation (computed in doubles with core's scalar semantics) is rounded by the store.
 */
export function fusedMatMul(
  a: View<TypedArray>, b: View<TypedArray>, bias: View<TypedArray> | null, activation: FusedActivation, alpha: number, outDtype: DType,
): TypedArray {
  const m = a.shape[1]!;
  const out = newArray(outDtype, a.shape[0]! * m * b.shape[2]!);
  gemm(a, b, out, fusedStore(bias, m, activation, alpha, outDtype));
  return out;
}

/** Rounds a double as a store into `dtype` would (float32 rounds, int32 wraps, bool keeps the low byte). */
function rounder(dtype: DType): (x: number) => number {
  switch (dtype) {
    case 'float32':
      return Math.fround;
    case 'float64':
      return (x) => x;
    case 'int32':
      return (x) => x | 0;
    case 'bool':
      return (x) => (x | 0) & 255;
  }
}

/** Activations with the NaN rules of core's scalar helpers (max/min propagate NaN). */
function activationFn(activation: FusedActivation, alpha: number): ((x: number) => number) | null {
  switch (activation) {
    case 'linear':
      return null;
    case 'relu':
      return (x) => (x > 0 || x !== x ? x : 0);
    case 'relu6':
      return (x) => {
        const y = x > 0 || x !== x ? x : 0;
        return y < 6 || y !== y ? y : 6;
      };
    case 'sigmoid':
      return (x) => 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh;
    case 'elu':
      return (x) => (x > 0 ? x : Math.expm1(x));
    case 'leakyrelu':
      return (x) => (x > 0 ? x : alpha * x);
  }
}

function fusedStore(bias: View<TypedArray> | null, m: number, activation: FusedActivation, alpha: number, dtype: DType): RowStore {
  const round = rounder(dtype);
  const act = activationFn(activation, alpha);
  const bb = bias?.buffer;
  const [bs0, bs1, bs2] = (bias?.strides ?? [0, 0, 0]) as [number, number, number];
  const boff = bias?.offset ?? 0;
  return (out, o, src, s, n, row, col0) => {
    if (bb) {
      const i = row % m;
      let q = boff + ((row - i) / m) * bs0 + i * bs1 + col0 * bs2;
      for (let j = 0; j < n; j++, q += bs2) {
        const z = round(round(src[s + j]!) + bb[q]!);
        out[o + j] = act ? act(z) : z;
      }
    } else if (act) {
      for (let j = 0; j < n; j++) out[o + j] = act(round(src[s + j]!));
    } else {
      for (let j = 0; j < n; j++) out[o + j] = src[s + j]!;
    }
  };
}
