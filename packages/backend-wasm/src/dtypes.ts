import type { DType } from '@tessera/core';

/** dtype codes shared with the kernels (assembly/common.ts). */
export const DT_CODE: Record<DType, number> = { float32: 0, int32: 1, bool: 2, float64: 3 };

export function elementBytes(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
}
