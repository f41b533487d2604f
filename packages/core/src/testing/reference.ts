import type { DType } from '../dtype.js';
import { isFloat, upcastType } from '../dtype.js';
import type { CaseExpected, HostTensor } from './case.js';

/**
 * Plain float64 helpers for writing `reference` functions in op case files: shapes, broadcasting, index walks and
 * the storage rules of each dtype. Deliberately simple (no strides, no views) so they are obviously correct.
 */

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    idx[d] = n === 0 ? 0 : i % n;
    i = n === 0 ? 0 : Math.floor(i / n);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let p = 0;
  for (let d = 0; d < shape.length; d++) p = p * shape[d]! + idx[d]!;
  return p;
}

/** NumPy broadcasting; throws on mismatch (references only see valid inputs). */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (dim !== 1 && d !== dim) throw new Error(`reference: cannot broadcast ${JSON.stringify(shapes)}`);
      dim = d;
    }
    out.push(dim);
  }
  return out;
}

/** Element of `x` at output multi-index `idx` of a broadcast result. */
export function broadcastAt(x: HostTensor, idx: readonly number[]): number {
  const lead = idx.length - x.shape.length;
  let p = 0;
  for (let d = 0; d < x.shape.length; d++) {
    const n = x.shape[d]!;
    p = p * n + (n === 1 ? 0 : idx[lead + d]!);
  }
  return x.values[p]!;
}

/** A value as a backend stores it in `dtype` (int32 wraps and truncates, NaN→0; bool is 0/1; float32 rounds). */
export function storeAs(v: number | boolean, dtype: DType): number {
  switch (dtype) {
    case 'int32':
      return Number(v) | 0;
    case 'bool':
      return v ? 1 : 0;
    case 'float32':
      return Math.fround(Number(v));
    case 'float64':
      return Number(v);
  }
}

/** Elementwise map over broadcast inputs, stored as `dtype`. */
export function mapHost(inputs: readonly HostTensor[], dtype: DType, fn: (...v: number[]) => number | boolean): CaseExpected {
  const shape = broadcastShape(...inputs.map((t) => t.shape));
  const n = numel(shape);
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, shape);
    values[i] = storeAs(fn(...inputs.map((t) => broadcastAt(t, idx))), dtype);
  }
  return { shape, values, dtype };
}

/** Output dtype of a unary op: 'same' keeps it (bool becomes float32), 'float' promotes integers, 'bool' is bool. */
export function unaryDType(rule: 'same' | 'float' | 'bool', dtype: DType): DType {
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return isFloat(dtype) ? dtype : 'float32';
  return dtype === 'bool' ? 'float32' : dtype;
}

/** Output dtype of a binary op from the promoted input dtype ('same' turns bool into int32). */
export function binaryDType(rule: 'same' | 'float' | 'bool', a: DType, b: DType): DType {
  const dt = upcastType(a, b);
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return isFloat(dt) ? dt : 'float32';
  return dt === 'bool' ? 'int32' : dt;
}

/** Normalises an axis argument as the ops do (undefined = all axes). */
export function axesOf(axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  return list.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

/**
 * Reduces `axes` of x: `fn` gets the values of one reduced slice (row-major) and returns the result.
 * The result keeps reduced dims as size 1 when `keepDims`.
 */
export function reduceHost(
  x: HostTensor,
  axes: readonly number[],
  keepDims: boolean,
  dtype: DType,
  fn: (slice: number[]) => number | boolean,
): CaseExpected {
  const keptAxes = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = keptAxes.map((i) => x.shape[i]!);
  const redShape = axes.map((i) => x.shape[i]!);
  const nOut = numel(outShape);
  const nRed = numel(redShape);
  const values = new Array<number>(nOut);
  for (let o = 0; o < nOut; o++) {
    const oi = unravel(o, outShape);
    const slice = new Array<number>(nRed);
    for (let r = 0; r < nRed; r++) {
      const ri = unravel(r, redShape);
      const full = new Array<number>(x.shape.length);
      keptAxes.forEach((a, k) => (full[a] = oi[k]!));
      axes.forEach((a, k) => (full[a] = ri[k]!));
      slice[r] = x.values[ravel(full, x.shape)]!;
    }
    values[o] = storeAs(fn(slice), dtype);
  }
  const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : outShape;
  return { shape, values, dtype };
}

/** Builds a tensor of `shape` whose element at multi-index idx is `fn(idx)`. */
export function generate(shape: readonly number[], dtype: DType, fn: (idx: number[]) => number | boolean): CaseExpected {
  const n = numel(shape);
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = storeAs(fn(unravel(i, shape)), dtype);
  return { shape: [...shape], values, dtype };
}

/** The value of x at a multi-index. */
export function at(x: HostTensor, idx: readonly number[]): number {
  return x.values[ravel(idx, x.shape)]!;
}

/** Half-to-even rounding (TensorFlow's round). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Floor modulo with the divisor's sign (TensorFlow's floormod). */
export function floorMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** max/min that propagate NaN, as TensorFlow. */
export function nanMax(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

export function nanMin(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
}

/** erf to ~1e-15: Taylor series near 0, continued fraction for erfc in the tails. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  let r: number;
  if (z < 2.5) {
    // erf(z) = 2/√π Σ (-1)^n z^(2n+1) / (n! (2n+1))
    let term = z;
    let sum = z;
    for (let n = 1; n < 100; n++) {
      term *= (-z * z) / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else if (z > 6) {
    r = 1;
  } else {
    // erfc(z) = exp(-z²)/√π · 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...)))) evaluated bottom-up.
    let f = z;
    for (let k = 60; k >= 1; k--) f = z + k / 2 / f;
    r = 1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  }
  return x < 0 ? -r : r;
}
