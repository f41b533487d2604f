import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { fmtShape, normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, fromTypedArray } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf } from './internal.js';
import { reshape, transpose } from './transform.js';
import { add, mul } from './binary.js';
import { range } from './creation.js';
import { explainBadIndex, int32Arg, linearIndices, rawGather, viewAs } from './index-util.js';
import { segmentSumAlong } from './scatter-segment-sum.js';

/** Sizes of gather's problem, as tfjs's collectGatherOpShapeInfo. */
interface GatherInfo {
  batch: number;
  outer: number;
  n: number;
  inner: number;
  /** Indices per batch entry. */
  k: number;
  outShape: number[];
}

function gatherInfo(x: Tensor, indices: Tensor, axis: number, batchDims: number): GatherInfo {
  const outShape: number[] = [];
  for (let i = 0; i < batchDims; i++) {
    if (x.shape[i] !== indices.shape[i]) {
      throw new Error(
        `gather: x and indices must agree on the ${batchDims} batch dims: x.shape[${i}] is ${x.shape[i]}, indices.shape[${i}] is ${indices.shape[i]} (x ${fmtShape(x.shape)}, indices ${fmtShape(indices.shape)}).`,
      );
    }
    outShape.push(x.shape[i]!);
  }
  outShape.push(...x.shape.slice(batchDims, axis), ...indices.shape.slice(batchDims), ...x.shape.slice(axis + 1));
  const batch = sizeOf(x.shape.slice(0, batchDims));
  return {
    batch,
    outer: sizeOf(x.shape.slice(batchDims, axis)),
    n: x.shape[axis]!,
    inner: sizeOf(x.shape.slice(axis + 1)),
    k: sizeOf(indices.shape.slice(batchDims)),
    outShape,
  };
}

/**
 * Gathers slices of `x` along `axis` at `indices` (int32), as tfjs's gather: the result's shape is
 * x.shape[:axis] + indices.shape[batchDims:] + x.shape[axis+1:]. With `batchDims` b > 0, the first b dims of x
 * and indices are batch dims and each batch entry uses its own indices. Out-of-range indices throw a RangeError
 * on backends that check them (the CPU backend does).
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0, batchDims = 0): Tensor {
  const t = convertToTensor(x, 'x', 'gather');
  const idx = int32Arg(indices, 'indices', 'gather', t.backend);
  backendOf('gather', [t, idx]);
  if (t.rank === 0) throw new Error('gather: invalid value for argument `x`. Expected a tensor of rank >= 1. Received: a scalar');
  const ax = normalizeAxis(axis, t.rank, 'gather');
  if (!Number.isInteger(batchDims) || batchDims < -idx.rank || batchDims > idx.rank) {
    throw new RangeError(`gather: invalid value for argument \`batchDims\`. Expected an integer in [${-idx.rank}, ${idx.rank}] (indices has rank ${idx.rank}). Received: batchDims=${batchDims}`);
  }
  const bd = batchDims < 0 ? batchDims + idx.rank : batchDims;
  if (bd > ax) {
    throw new RangeError(`gather: \`batchDims\` (${bd}) must be less than or equal to \`axis\` (${ax}).`);
  }
  const info = gatherInfo(t, idx, ax, bd);
  const grad: GradFn = (dys, { inputs }) => [gatherGrad(dys[0]!, inputs[0]!, inputs[1]!, bd, info), null];
  return runOp({ name: 'gather', inputs: [t, idx], attrs: { axis: ax, batchDims: bd }, grad }, () =>
    tidy(() => {
      const { batch, outer, n, inner, k, outShape } = info;
      if (bd === 0) {
        try {
          return viewAs(rawGather(t, outer, n, inner, idx, 'gather'), outShape);
        } catch (err) {
          explainBadIndex(err, 'gather', idx, 0, [n], `for axis ${ax} of x ${fmtShape(t.shape)}`);
        }
      }
      // Batch entry b reads its own rows: x as [outer, batch·n, inner], indices shifted by b·n.
      const lin = linearIndices(idx, 1, [n], batchOffsets(t, batch, k, n));
      const xb = transpose(reshape(t, [batch, outer, n, inner]), [1, 0, 2, 3]);
      let g: Tensor;
      try {
        g = rawGather(xb, outer, batch * n, inner, lin, 'gather');
      } catch (err) {
        explainBadIndex(err, 'gather', idx, 0, [n], `for axis ${ax} of x ${fmtShape(t.shape)}`);
      }
      return reshape(transpose(reshape(g, [outer, batch, k, inner]), [1, 0, 2, 3]), outShape);
    }),
  );
}

/** int32 [batch·k] holding b·n for the entries of batch b. */
function batchOffsets(x: Tensor, batch: number, k: number, n: number): Tensor {
  const v = new Int32Array(batch * k);
  for (let b = 0; b < batch; b++) v.fill(b * n, b * k, (b + 1) * k);
  return fromTypedArray(v, [batch * k], 'int32', x.backend);
}

/** Sums dy back into x's rows (unsortedSegmentSum's kernel along the gathered axis). */
function gatherGrad(dy: Tensor, x: Tensor, indices: Tensor, batchDims: number, info: GatherInfo): Tensor {
  const { batch, outer, n, inner, k } = info;
  if (batchDims === 0) {
    return reshape(segmentSumAlong(reshape(dy, [outer, k, inner]), reshape(indices, [k]), n, 1, 'gather'), [...x.shape]);
  }
  const shift = mul(reshape(range(0, batch, 1, 'int32'), [batch, 1]), n);
  const lin = reshape(add(reshape(indices, [batch, k]), shift), [batch * k]);
  const dyb = reshape(transpose(reshape(dy, [batch, outer, k, inner]), [1, 0, 2, 3]), [outer, batch * k, inner]);
  const dxb = segmentSumAlong(dyb, lin, batch * n, 1, 'gather');
  return reshape(transpose(reshape(dxb, [outer, batch, n, inner]), [1, 0, 2, 3]), [...x.shape]);
}
