import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { upcastType } from '../dtype.js';
import { fmtShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf } from './internal.js';
import { composeInto } from './compose.js';
import { cast } from './basic.js';
import { expandDims, slice, squeeze, reshape, broadcastTo } from './transform.js';
import { sum } from './reduce.js';

/** Joins tensors along an existing axis. */
export function concat(tensors: TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new Error(`concat: invalid value for argument \`tensors\`. Expected a non-empty array of tensors. Received: ${JSON.stringify(tensors)}`);
  }
  const first = convertToTensor(tensors[0]!, 'tensors[0]', 'concat');
  const ts = tensors.map((x, i) => convertToTensor(x, `tensors[${i}]`, 'concat', first.dtype, first.backend));
  const backend = backendOf('concat', ts);
  const rank = ts[0]!.rank;
  if (rank === 0) throw new Error('concat: cannot concatenate rank-0 tensors; use stack.');
  const ax = normalizeAxis(axis, rank, 'concat');
  const dtype = ts.reduce((d, t) => upcastType(d, t.dtype), ts[0]!.dtype);
  ts.forEach((t, i) => {
    if (t.rank !== rank || t.shape.some((d, k) => k !== ax && d !== ts[0]!.shape[k])) {
      throw new Error(
        `concat: tensors[${i}] has shape ${fmtShape(t.shape)}, which does not match tensors[0] ${fmtShape(ts[0]!.shape)} outside axis ${ax}.`,
      );
    }
  });
  if (ts.length === 1) return ts[0]!;
  const sizes = ts.map((t) => t.shape[ax]!);
  const outShape = [...ts[0]!.shape];
  outShape[ax] = sizes.reduce((a, b) => a + b, 0);
  const grad: GradFn = (dys) => split(dys[0]!, sizes, ax);
  return runOp({ name: 'concat', inputs: ts, attrs: { axis: ax }, grad }, () => {
    const casted = ts.map((t) => (t.dtype === dtype ? t : cast(t, dtype)));
    let pos = 0;
    const pieces = casted.map((src) => {
      const begin = outShape.map((_, k) => (k === ax ? pos : 0));
      pos += src.shape[ax]!;
      return { src, begin };
    });
    const out = composeInto(backend, outShape, dtype, 0, pieces, 'set', 'concat');
    casted.forEach((c, i) => c !== ts[i] && c.dispose());
    return out;
  });
}

/** Stacks same-shaped tensors along a new axis. */
export function stack(tensors: TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new Error(`stack: invalid value for argument \`tensors\`. Expected a non-empty array of tensors. Received: ${JSON.stringify(tensors)}`);
  }
  const ts = tensors.map((x, i) => convertToTensor(x, `tensors[${i}]`, 'stack'));
  ts.forEach((t, i) => {
    if (t.shape.length !== ts[0]!.rank || t.shape.some((d, k) => d !== ts[0]!.shape[k])) {
      throw new Error(`stack: tensors[${i}] has shape ${fmtShape(t.shape)}; every tensor must have the shape of tensors[0], ${fmtShape(ts[0]!.shape)}.`);
    }
  });
  const ax = normalizeAxis(axis, ts[0]!.rank + 1, 'stack');
  // tidy frees the expanded views (they only feed concat).
  return tidy(() => concat(ts.map((t) => expandDims(t, ax)), ax));
}

/** Splits along `axis` into views, removing that axis. */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = convertToTensor(x, 'x', 'unstack');
  const ax = normalizeAxis(axis, t.rank, 'unstack');
  const n = t.shape[ax]!;
  // tidy frees the intermediate slices; only the squeezed views are returned.
  return tidy(() =>
    Array.from({ length: n }, (_, i) => {
      const begin = t.shape.map((_, k) => (k === ax ? i : 0));
      const size = t.shape.map((d, k) => (k === ax ? 1 : d));
      return squeeze(slice(t, begin, size), [ax]);
    }),
  );
}

/** Splits into `n` equal parts or parts of the given sizes (one may be -1). */
export function split(x: TensorLike, numOrSizeSplits: number | number[], axis = 0): Tensor[] {
  const t = convertToTensor(x, 'x', 'split');
  const ax = normalizeAxis(axis, t.rank, 'split');
  const dim = t.shape[ax]!;
  let sizes: number[];
  if (typeof numOrSizeSplits === 'number') {
    if (!Number.isInteger(numOrSizeSplits) || numOrSizeSplits <= 0 || dim % numOrSizeSplits !== 0) {
      throw new Error(`split: invalid value for argument \`numOrSizeSplits\`. Expected a positive divisor of ${dim} (axis ${ax} of shape ${fmtShape(t.shape)}). Received: ${numOrSizeSplits}`);
    }
    sizes = new Array(numOrSizeSplits).fill(dim / numOrSizeSplits);
  } else {
    sizes = [...numOrSizeSplits];
    const unknown = sizes.filter((s) => s === -1).length;
    const known = sizes.reduce((a, s) => (s === -1 ? a : a + s), 0);
    if (unknown > 1 || sizes.some((s) => !Number.isInteger(s) || s < -1) || (unknown === 0 ? known !== dim : known > dim)) {
      throw new Error(`split: invalid value for argument \`numOrSizeSplits\`. Expected sizes summing to ${dim} (at most one -1). Received: ${JSON.stringify(numOrSizeSplits)}`);
    }
    sizes = sizes.map((s) => (s === -1 ? dim - known : s));
  }
  let pos = 0;
  return sizes.map((s) => {
    const begin = t.shape.map((_, k) => (k === ax ? pos : 0));
    const size = t.shape.map((d, k) => (k === ax ? s : d));
    pos += s;
    return slice(t, begin, size);
  });
}

/** Repeats the tensor `reps[i]` times along each dim. */
export function tile(x: TensorLike, reps: number[]): Tensor {
  const t = convertToTensor(x, 'x', 'tile');
  if (!Array.isArray(reps) || reps.length !== t.rank || reps.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new Error(`tile: invalid value for argument \`reps\`. Expected ${t.rank} non-negative integers for x of shape ${fmtShape(t.shape)}. Received: ${JSON.stringify(reps)}`);
  }
  const interleaved: number[] = [];
  const expanded: number[] = [];
  t.shape.forEach((d, i) => {
    interleaved.push(1, d);
    expanded.push(reps[i]!, d);
  });
  const outShape = t.shape.map((d, i) => d * reps[i]!);
  const grad: GradFn = (dys) => {
    const r = reshape(dys[0]!, expanded);
    return [sum(r, expanded.map((_, i) => i).filter((i) => i % 2 === 0))];
  };
  return runOp({ name: 'tile', inputs: [t], attrs: { reps }, grad }, () =>
    tidy(() => reshape(broadcastTo(reshape(t, interleaved), expanded), outShape)),
  );
}
