import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { S } from '../scalar/expr.js';
import { fmtShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, wrapHandle } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf } from './internal.js';
import { cast, zerosLike } from './basic.js';
import { greaterEqual, less, logicalAnd } from './binary.js';
import { clipByValue } from './unary.js';
import { where } from './where.js';
import { reshape, slice } from './transform.js';
import { gather } from './gather.js';
import { checkCount, explainBadIndex, int32Arg, rawScatterAdd, viewAs } from './index-util.js';

/**
 * Sums the slices of `x` that share a segment id (tfjs's unsortedSegmentSum): `segmentIds` (int32) has the shape
 * of x's leading dims, and the result is [numSegments, ...x.shape after those dims]. Ids outside
 * [0, numSegments) are dropped, as in TensorFlow. bool x is summed as int32.
 */
export function unsortedSegmentSum(x: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  const t0 = convertToTensor(x, 'x', 'unsortedSegmentSum');
  const ids = int32Arg(segmentIds, 'segmentIds', 'unsortedSegmentSum', t0.backend);
  backendOf('unsortedSegmentSum', [t0, ids]);
  checkCount(numSegments, 'numSegments', 'unsortedSegmentSum');
  const r = ids.rank;
  if (r === 0 || r > t0.rank || ids.shape.some((d, i) => d !== t0.shape[i])) {
    throw new Error(
      `unsortedSegmentSum: invalid value for argument \`segmentIds\`. Expected a shape that is a non-empty prefix of x's shape ${fmtShape(t0.shape)}. Received: ${fmtShape(ids.shape)}`,
    );
  }
  const t = t0.dtype === 'bool' ? cast(t0, 'int32') : t0;
  const rest = t.shape.slice(r);
  const outShape = [numSegments, ...rest];
  const grad: GradFn = (dys, { inputs }) => {
    const dy = dys[0]!;
    const sid = inputs[1]!;
    if (numSegments === 0) return [zerosLike(inputs[0]!), null];
    // Like tfjs's gatherDropNegatives: gather dy at the (clamped) ids, zero where an id was dropped.
    const g = gather(dy, clipByValue(sid, 0, numSegments - 1), 0);
    const valid = reshape(logicalAnd(greaterEqual(sid, 0), less(sid, numSegments)), [...sid.shape, ...rest.map(() => 1)]);
    return [where(valid, g, zerosLike(g)), null];
  };
  const out = runOp({ name: 'unsortedSegmentSum', inputs: [t, ids], attrs: { numSegments }, grad }, () =>
    tidy(() => {
      const k = ids.size;
      const inner = sizeOf(rest);
      // Dropped ids go to an extra segment that is sliced off afterwards.
      const flat = viewAs(ids, [k]);
      const b = t.backend;
      const inRange = S.bin('and', S.bin('ge', S.in(0), S.c(0)), S.bin('lt', S.in(0), S.c(numSegments)));
      const safe = wrapHandle(b, b.kernels.elementwise(S.where(inRange, S.in(0), S.c(numSegments)), [flat.view()], [k], 'int32'), [k], 'int32');
      const summed = rawScatterAdd(t, 1, inner, safe, numSegments + 1, 'unsortedSegmentSum');
      return reshape(slice(summed, [0, 0, 0], [1, numSegments, inner]), outShape);
    }),
  );
  if (t !== t0) t.dispose();
  return out;
}

/**
 * @internal Sums slices of `x` along `axis` into `numSegments` slots: `ids` is int32 with x.shape[axis] entries,
 * all in range (it comes from a gather or topk that already checked them). Gradient: gather along `axis`. The
 * gradients of gather, gatherND and topk use it.
 */
export function segmentSumAlong(x: Tensor, ids: Tensor, numSegments: number, axis: number, opName: string): Tensor {
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outShape = [...x.shape];
  outShape[axis] = numSegments;
  const grad: GradFn = (dys, { inputs }) => [gather(dys[0]!, reshape(inputs[1]!, [inputs[1]!.size]), axis), null];
  return runOp({ name: 'segmentSum', inputs: [x, ids], attrs: { numSegments, axis }, grad }, () => {
    let out: Tensor;
    try {
      out = rawScatterAdd(x, outer, inner, ids, numSegments, opName);
    } catch (err) {
      explainBadIndex(err, opName, ids, 0, [numSegments], `(gradient of ${opName})`);
    }
    const r = viewAs(out, outShape);
    out.dispose();
    return r;
  });
}
