import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { assertShapeArg, fmtShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf } from './internal.js';
import { reshape } from './transform.js';
import { explainBadIndex, int32Arg, linearIndices, rawGather, rawScatterAdd, viewAs } from './index-util.js';

/**
 * gatherND and scatterND: the last dim of `indices` holds coordinates into the leading dims of a tensor. Both
 * turn each coordinate row into one linear index on the device, then run the gather / scatterAdd kernel on the
 * tensor viewed as [1, prod(indexed dims), slice size].
 */

/** Gathers slices of `x` at the coordinates in the last dim of `indices` (int32), as tfjs's gatherND. */
export function gatherND(x: TensorLike, indices: TensorLike): Tensor {
  const idx = int32Arg(indices, 'indices', 'gatherND');
  const t = convertToTensor(x, 'x', 'gatherND', undefined, idx.backend);
  backendOf('gatherND', [t, idx]);
  if (t.rank < 1) throw new Error('gatherND: invalid value for argument `x`. Expected a tensor of rank >= 1. Received: a scalar');
  if (idx.rank < 1) {
    throw new Error('gatherND: invalid value for argument `indices`. Expected a tensor of rank >= 1 whose last dim indexes x. Received: a scalar');
  }
  const depth = idx.shape[idx.rank - 1]!;
  if (depth > t.rank) {
    throw new Error(
      `gatherND: the last dim of \`indices\` (${depth}) must be <= the rank of x (${t.rank}): indices is ${fmtShape(idx.shape)}, x is ${fmtShape(t.shape)}.`,
    );
  }
  const dims = t.shape.slice(0, depth);
  const rows = sizeOf(dims);
  const sliceSize = sizeOf(t.shape.slice(depth));
  const outShape = [...idx.shape.slice(0, -1), ...t.shape.slice(depth)];
  const grad: GradFn = (dys, { inputs }) => {
    const ind = inputs[1]!;
    // scatterND reads rank-1 indices as a list of 1-coordinate rows (as tfjs), so give it one row explicitly.
    if (ind.rank === 1) return [scatterND(reshape(ind, [1, depth]), reshape(dys[0]!, [1, ...dys[0]!.shape]), [...inputs[0]!.shape]), null];
    return [scatterND(ind, dys[0]!, [...inputs[0]!.shape]), null];
  };
  return runOp({ name: 'gatherND', inputs: [t, idx], attrs: {}, grad }, () =>
    tidy(() => {
      const lin = linearIndices(idx, depth, dims);
      try {
        return viewAs(rawGather(t, 1, rows, sliceSize, lin, 'gatherND'), outShape);
      } catch (err) {
        explainBadIndex(err, 'gatherND', idx, depth, dims, `for x of shape ${fmtShape(t.shape)}`);
      }
    }),
  );
}

/**
 * A new tensor of `shape` (zeros) with `updates` added at the coordinates in `indices` (int32), as tfjs's
 * scatterND: duplicate coordinates sum. updates.shape must be indices.shape[:-1] + shape[indices.shape[-1]:];
 * rank-1 indices [k] are read as k one-coordinate rows (as tfjs does).
 */
export function scatterND(indices: TensorLike, updates: TensorLike, shape: number[]): Tensor {
  assertShapeArg(shape, 'shape', 'scatterND');
  const idx = int32Arg(indices, 'indices', 'scatterND');
  const u = convertToTensor(updates, 'updates', 'scatterND', undefined, idx.backend);
  backendOf('scatterND', [idx, u]);
  if (idx.rank < 1) throw new Error('scatterND: invalid value for argument `indices`. Expected a tensor of rank >= 1. Received: a scalar');
  if (u.rank < 1) throw new Error('scatterND: invalid value for argument `updates`. Expected a tensor of rank >= 1. Received: a scalar');
  if (shape.length < 1) throw new Error('scatterND: invalid value for argument `shape`. Expected at least one dim. Received: []');
  const depth = idx.rank > 1 ? idx.shape[idx.rank - 1]! : 1;
  const batchRank = idx.rank > 1 ? idx.rank - 1 : 1;
  if (depth > shape.length) {
    throw new Error(`scatterND: the last dim of \`indices\` (${depth}) must be <= the length of \`shape\` (${shape.length}): indices is ${fmtShape(idx.shape)}, shape is ${fmtShape(shape)}.`);
  }
  const expected = [...idx.shape.slice(0, batchRank), ...shape.slice(depth)];
  if (expected.length !== u.rank || expected.some((d, i) => d !== u.shape[i])) {
    throw new Error(
      `scatterND: invalid value for argument \`updates\`. Expected shape indices.shape[:${batchRank}] + shape[${depth}:] = ${fmtShape(expected)} (indices ${fmtShape(idx.shape)}, shape ${fmtShape(shape)}). Received: ${fmtShape(u.shape)}`,
    );
  }
  const dims = shape.slice(0, depth);
  const rows = sizeOf(dims);
  const sliceSize = sizeOf(shape.slice(depth));
  const k = sizeOf(idx.shape.slice(0, batchRank));
  const grad: GradFn = (dys, { inputs }) => {
    const ind = inputs[0]!;
    return [null, gatherND(dys[0]!, ind.rank === 1 ? reshape(ind, [k, 1]) : ind)];
  };
  return runOp({ name: 'scatterND', inputs: [idx, u], attrs: { shape }, grad }, () =>
    tidy(() => {
      const lin = linearIndices(idx, depth, dims);
      try {
        return viewAs(rawScatterAdd(u, 1, sliceSize, lin, rows, 'scatterND'), shape);
      } catch (err) {
        explainBadIndex(err, 'scatterND', idx, idx.rank > 1 ? depth : 0, dims, `for shape ${fmtShape(shape)}`);
      }
    }),
  );
}
