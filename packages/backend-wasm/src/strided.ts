/** Dimension collapsing for strided views: fewer, longer dims mean longer inner runs in the kernels. */

export interface Collapsed {
  shape: number[];
  /** strides[operand][dim] */
  strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbours that are contiguous in every operand (dim d merges into d+1 when
 * stride[d] == stride[d+1]·shape[d+1] for all operands). Never returns rank 0: a scalar walk is shape [1].
 */
export function collapseDims(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * n)) {
      outShape[last] = outShape[last]! * n;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
      continue;
    }
    outShape.push(n);
    strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
  }
  if (outShape.length === 0) {
    outShape.push(1);
    outStrides.forEach((s) => s.push(0));
  }
  return { shape: outShape, strides: outStrides };
}

/** Splits [0, total) into at most `parts` ranges of at least `minChunk` (except when total is smaller). */
export function splitRange(total: number, parts: number, minChunk: number): [number, number][] {
  const n = Math.max(1, Math.min(parts, Math.floor(total / Math.max(1, minChunk))));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.floor((total * i) / n);
    const hi = Math.floor((total * (i + 1)) / n);
    if (hi > lo) out.push([lo, hi]);
  }
  return out;
}
