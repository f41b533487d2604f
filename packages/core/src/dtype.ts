/** The element types a tensor can hold. float64 exists only on backends that list it in their capabilities. */
export type DType = 'float32' | 'int32' | 'bool' | 'float64';

export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

/** Rank of each dtype in the promotion order: the result of mixing two dtypes is the higher one. */
const PROMOTION_RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** The one promotion table: bool < int32 < float32 < float64 (as tfjs's upcastType, plus float64). */
export function upcastType(a: DType, b: DType): DType {
  return PROMOTION_RANK[a] >= PROMOTION_RANK[b] ? a : b;
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case 'float32':
    case 'int32':
      return 4;
    case 'float64':
      return 8;
    case 'bool':
      return 1;
  }
}

export function typedArrayFor(dtype: DType, size: number): TypedArray {
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

/** Copies numbers into a typed array of `dtype`, with the same conversions a backend applies when storing. */
export function toTypedArray(values: ArrayLike<number | boolean>, dtype: DType): TypedArray {
  const out = typedArrayFor(dtype, values.length);
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  } else {
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  }
  return out;
}

export function dtypeOfTypedArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Float64Array) return 'float64';
  return 'bool';
}

export function assertDType(value: unknown, argName: string, opName: string): asserts value is DType {
  if (typeof value !== 'string' || !(DTYPES as readonly string[]).includes(value)) {
    throw new TypeError(
      `${opName}: invalid value for argument \`${argName}\`. Expected one of ${DTYPES.join(', ')}. Received: ${String(value)}`,
    );
  }
}
