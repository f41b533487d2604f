import type { GradFn } from '../engine.js';
import { runOp } from '../engine.js';
import { broadcastShapes, fmtShape, normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { broadcastView, makeView, materialize, ownInputs, reshapeStrides } from './internal.js';
import { pad } from './pad.js';

/**
 * Ops that only change how a tensor's storage is read: reshape, transpose, expandDims, squeeze, broadcastTo,
 * slice, reverse. They return views that share memory; kernels see the strides.
 */

/** Reshapes; one dim may be -1 and is inferred. Copies only when the source layout cannot be reinterpreted. */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = convertToTensor(x, 'x', 'reshape');
  const newShape = resolveShape(shape, t.size, t.shape);
  const grad: GradFn = (dys, { inputs }) => [reshape(dys[0]!, [...inputs[0]!.shape])];
  return runOp({ name: 'reshape', inputs: [t], attrs: { shape: newShape }, grad }, () => {
    const strides = reshapeStrides(t, newShape);
    if (strides) return makeView(t, newShape, strides, t.offset);
    const c = materialize(t);
    const v = makeView(c, newShape, reshapeStrides(c, newShape)!, c.offset);
    c.dispose();
    return v;
  });
}

function resolveShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < -1)) {
    throw new TypeError(`reshape: invalid value for argument \`shape\`. Expected an array of integers >= -1. Received: ${JSON.stringify(shape)}`);
  }
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new Error(`reshape: at most one dimension of \`shape\` may be -1. Received: ${fmtShape(shape)}`);
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (unknown === 1) {
    if (known === 0 || size % known !== 0) {
      throw new Error(`reshape: cannot reshape a tensor of shape ${fmtShape(from)} (${size} elements) into ${fmtShape(shape)}.`);
    }
    return shape.map((d) => (d === -1 ? size / known : d));
  }
  if (known !== size) {
    throw new Error(`reshape: cannot reshape a tensor of shape ${fmtShape(from)} (${size} elements) into ${fmtShape(shape)} (${known} elements).`);
  }
  return [...shape];
}

/** Permutes dims (default: reverses them). */
export function transpose(x: TensorLike, perm?: number[]): Tensor {
  const t = convertToTensor(x, 'x', 'transpose');
  const p = perm ?? t.shape.map((_, i) => t.rank - 1 - i);
  if (!Array.isArray(p) || p.length !== t.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new Error(`transpose: invalid value for argument \`perm\`. Expected a permutation of [0..${t.rank - 1}]. Received: ${JSON.stringify(perm)}`);
  }
  const inverse = new Array<number>(p.length);
  p.forEach((v, i) => (inverse[v] = i));
  const grad: GradFn = (dys) => [transpose(dys[0]!, inverse)];
  return runOp({ name: 'transpose', inputs: [t], attrs: { perm: p }, grad }, () =>
    makeView(t, p.map((i) => t.shape[i]!), p.map((i) => t.strides[i]!), t.offset),
  );
}

/** Inserts a size-1 dim at `axis`. */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const t = convertToTensor(x, 'x', 'expandDims');
  const ax = normalizeAxis(axis, t.rank + 1, 'expandDims');
  const shape = [...t.shape];
  shape.splice(ax, 0, 1);
  return ownInputs('expandDims', [t], () => reshape(t, shape));
}

/** Removes size-1 dims (all of them, or those listed). */
export function squeeze(x: TensorLike, axis?: number[]): Tensor {
  const t = convertToTensor(x, 'x', 'squeeze');
  const axes = axis === undefined ? null : axis.map((a) => normalizeAxis(a, t.rank, 'squeeze'));
  if (axes) {
    for (const a of axes) {
      if (t.shape[a] !== 1) {
        throw new Error(`squeeze: cannot squeeze axis ${a}: its size is ${t.shape[a]}, not 1 (shape ${fmtShape(t.shape)}).`);
      }
    }
  }
  return ownInputs('squeeze', [t], () => reshape(t, t.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1))));
}

/** Broadcasts to `shape` without copying (NumPy rules). */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = convertToTensor(x, 'x', 'broadcastTo');
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`broadcastTo: invalid value for argument \`shape\`. Expected an array of non-negative integers. Received: ${JSON.stringify(shape)}`);
  }
  const out = broadcastShapes('broadcastTo', [t.shape, shape], ['x', 'shape']);
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
    throw new Error(`broadcastTo: cannot broadcast x of shape ${fmtShape(t.shape)} to ${fmtShape(shape)}.`);
  }
  // The gradient is dy itself: autograd sums broadcast dims back to the input's shape.
  const grad: GradFn = (dys) => [dys[0]!];
  return runOp({ name: 'broadcastTo', inputs: [t], attrs: { shape }, grad }, () => {
    const v = broadcastView(t, shape);
    return makeView(t, shape, v.strides, t.offset);
  });
}

/** tfjs's slice: `size` -1 (or omitted) runs to the end of that dim. */
export function slice(x: TensorLike, begin: number | number[], size?: number | number[]): Tensor {
  const t = convertToTensor(x, 'x', 'slice');
  const b = typeof begin === 'number' ? [begin, ...new Array(Math.max(0, t.rank - 1)).fill(0)] : [...begin];
  while (b.length < t.rank) b.push(0);
  const s0 = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
  const s = t.shape.map((d, i) => (s0[i] === undefined || s0[i] === -1 ? d - b[i]! : s0[i]!));
  if (b.length !== t.rank) {
    throw new Error(`slice: \`begin\` has ${b.length} entries but x has rank ${t.rank} (shape ${fmtShape(t.shape)}).`);
  }
  for (let i = 0; i < t.rank; i++) {
    if (!Number.isInteger(b[i]) || !Number.isInteger(s[i]) || b[i]! < 0 || s[i]! < 0 || b[i]! + s[i]! > t.shape[i]!) {
      throw new RangeError(
        `slice: begin ${fmtShape(b)} and size ${fmtShape(s)} do not fit in x of shape ${fmtShape(t.shape)} (axis ${i}).`,
      );
    }
  }
  const grad: GradFn = (dys, { inputs }) => [
    pad(dys[0]!, inputs[0]!.shape.map((d, i) => [b[i]!, d - b[i]! - s[i]!] as [number, number])),
  ];
  return runOp({ name: 'slice', inputs: [t], attrs: { begin: b, size: s }, grad }, () => {
    let offset = t.offset;
    for (let i = 0; i < t.rank; i++) if (s[i]! > 0) offset += b[i]! * t.strides[i]!;
    return makeView(t, s, t.strides, sizeOf(s) === 0 ? t.offset : offset);
  });
}

/** Reverses the order of elements along the given axes (a view with negative strides). */
export function reverse(x: TensorLike, axis?: number | number[]): Tensor {
  const t = convertToTensor(x, 'x', 'reverse');
  const axes =
    axis === undefined ? t.shape.map((_, i) => i) : (typeof axis === 'number' ? [axis] : axis).map((a) => normalizeAxis(a, t.rank, 'reverse'));
  const grad: GradFn = (dys) => [reverse(dys[0]!, axes)];
  return runOp({ name: 'reverse', inputs: [t], attrs: { axis: axes }, grad }, () => {
    let offset = t.offset;
    const strides = [...t.strides];
    for (const a of new Set(axes)) {
      if (t.shape[a]! > 1) {
        offset += (t.shape[a]! - 1) * strides[a]!;
        strides[a] = -strides[a]!;
      }
    }
    return makeView(t, t.shape, strides, offset);
  });
}
