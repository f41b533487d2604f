import type { DType, TypedArray } from '@tessera/core';

/** Typed array for a dtype; every CPU buffer is one of these. */
export function newArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}
