import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { fmtShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkBufferSize, convertToTensor, wrapHandle } from './convert.js';
import type { TensorLike } from './convert.js';
import { add, mul } from './binary.js';
import { range } from './creation.js';
import { reshape } from './transform.js';
import { viewAs } from './index-util.js';
import { segmentSumAlong } from './scatter-segment-sum.js';

/**
 * The `k` largest entries of the last dim of `x` and their int32 indices, as tfjs's topk. Ties go to the lower
 * index; results are always sorted in descending order (`sorted: false` allows any order, so this one is fine).
 * The gradient of `values` flows back to the positions in `indices`.
 */
export function topk(x: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  const t = convertToTensor(x, 'x', 'topk');
  if (t.rank === 0) throw new Error('topk: invalid value for argument `x`. Expected a tensor of rank >= 1. Received: a scalar');
  const n = t.shape[t.rank - 1]!;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(
      `topk: invalid value for argument \`k\`. Expected an integer in [0, ${n}] (the last dim of x, shape ${fmtShape(t.shape)}). Received: k=${String(k)}`,
    );
  }
  const outer = sizeOf(t.shape.slice(0, -1));
  const outShape = [...t.shape.slice(0, -1), k];
  const grad: GradFn = (dys, { inputs, outputs }) => {
    // Row r's entry j went to column indices[r, j]: scatter dy into [outer·n] at indices + r·n.
    const rows = mul(reshape(range(0, outer, 1, 'int32'), [outer, 1]), n);
    const lin = reshape(add(reshape(outputs[1]!, [outer, k]), rows), [outer * k]);
    const dx = segmentSumAlong(reshape(dys[0]!, [outer * k]), lin, outer * n, 0, 'topk');
    return [reshape(dx, [...inputs[0]!.shape])];
  };
  const [values, indices] = runOp({ name: 'topk', inputs: [t], attrs: { k, sorted }, grad }, () =>
    tidy(() => {
      const b = t.backend;
      checkBufferSize(b, outer * k, t.dtype, 'topk');
      const x2 = viewAs(t, [outer, n]);
      const r = b.kernels.topk(x2.view(), k, true);
      return [viewAs(wrapHandle(b, r.values, [outer, k], t.dtype), outShape), viewAs(wrapHandle(b, r.indices, [outer, k], 'int32'), outShape)];
    }),
  );
  return { values: values!, indices: indices! };
}
