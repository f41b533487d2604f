import type { DType, Tensor, TypedArray } from '@tessera/core';
import { keysFromSeed, sizeOf, uniformAt } from '@tessera/core';
import type { CaseInput, HostTensor } from '@tessera/core/testing';

/** Default ranges of seeded random inputs when a case gives none. */
export const DEFAULT_RANGE: Record<DType, [number, number]> = {
  float32: [-1, 1],
  float64: [-1, 1],
  int32: [-10, 10],
  bool: [0, 2],
};

function storedArray(values: ArrayLike<number | boolean>, dtype: DType): TypedArray {
  const n = values.length;
  switch (dtype) {
    case 'float32': {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = Number(values[i]);
      return a;
    }
    case 'float64': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = Number(values[i]);
      return a;
    }
    case 'int32': {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = Number(values[i]);
      return a;
    }
    case 'bool': {
      const a = new Uint8Array(n);
      for (let i = 0; i < n; i++) a[i] = values[i] ? 1 : 0;
      return a;
    }
  }
}

/**
 * A host tensor holding `values` as `dtype` stores them (float32 rounds, int32 truncates and wraps, bool is 0/1):
 * what a `reference` function receives for an input.
 */
export function hostTensor(values: ArrayLike<number | boolean>, shape: readonly number[], dtype: DType = 'float32'): HostTensor {
  if (values.length !== sizeOf(shape)) {
    throw new Error(`hostTensor: ${values.length} values do not fill shape [${shape.join(',')}] (${sizeOf(shape)} elements)`);
  }
  return { shape: [...shape], values: Array.from(storedArray(values, dtype)), dtype };
}

/** Reads a tensor into a host tensor (asynchronously, so it works on every backend). */
export async function toHost(t: Tensor): Promise<HostTensor> {
  const data = await t.data();
  return { shape: [...t.shape], values: Array.from(data), dtype: t.dtype };
}

/** Seeded values for a `random` input: uniform in [min, max), floored for int32, 0/1 for bool. */
export function seededValues(shape: readonly number[], dtype: DType, spec: { min?: number; max?: number; seed: number }): number[] {
  const [dmin, dmax] = DEFAULT_RANGE[dtype];
  const min = spec.min ?? dmin;
  const max = spec.max ?? dmax;
  const keys = keysFromSeed(spec.seed);
  const n = sizeOf(shape);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const u = uniformAt(keys, i);
    out[i] = dtype === 'bool' ? (u < 0.5 ? 0 : 1) : dtype === 'int32' ? Math.floor(min + u * (max - min)) : min + u * (max - min);
  }
  return out;
}

/** The host tensor a case input describes. */
export function caseInputToHost(input: CaseInput, index: number): HostTensor {
  const dtype = input.dtype ?? 'float32';
  if (input.values !== undefined) {
    if (input.values.length !== sizeOf(input.shape)) {
      throw new Error(
        `case input ${index}: ${input.values.length} values do not fill shape [${input.shape.join(',')}] (${sizeOf(input.shape)} elements)`,
      );
    }
    return hostTensor(input.values, input.shape, dtype);
  }
  const spec = input.random ?? { seed: index + 1 };
  return hostTensor(seededValues(input.shape, dtype, spec), input.shape, dtype);
}

export { storedArray };
