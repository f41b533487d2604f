import type { ScanOp } from '../backend/spec.js';
import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, wrapHandle } from './convert.js';
import type { TensorLike } from './convert.js';
import { reshape, transpose } from './transform.js';
import { cast, onesLike, zerosLike } from './basic.js';
import { div, equal, logicalAnd, mul } from './binary.js';
import { where } from './where.js';

function scanOp(op: ScanOp, name: string, x: TensorLike, axis: number, exclusive: boolean, reverse: boolean, grad?: GradFn): Tensor {
  const t0 = convertToTensor(x, 'x', name);
  const ax = normalizeAxis(axis, t0.rank, name);
  return runOp({ name, inputs: [t0], attrs: { axis: ax, exclusive, reverse }, grad }, () =>
    tidy(() => {
      const t1 = t0.dtype === 'bool' ? cast(t0, 'int32') : t0;
      // A scalar scans as a one-element vector (axis 0 is allowed for rank 0).
      const t = t1.rank === 0 ? reshape(t1, [1]) : t1;
      const perm = t.shape.map((_, i) => i).filter((i) => i !== ax).concat([ax]);
      const inv = new Array<number>(perm.length);
      perm.forEach((p, i) => (inv[p] = i));
      const permShape = perm.map((p) => t.shape[p]!);
      const n = t.shape[ax] ?? 1;
      const flat = reshape(transpose(t, perm), [sizeOf(permShape) / (n || 1) || 0, n]);
      const b = t.backend;
      const out = wrapHandle(b, b.kernels.scan(op, flat.view(), exclusive, reverse), flat.shape, t.dtype);
      const r = transpose(reshape(out, permShape), inv);
      return t1.rank === 0 ? reshape(r, []) : r;
    }),
  );
}

/** Cumulative sum along `axis` (tfjs's cumsum, with exclusive and reverse). */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  const grad: GradFn = (dys) => [cumsum(dys[0]!, axis, exclusive, !reverse)];
  return scanOp('sum', 'cumsum', x, axis, exclusive, reverse, grad);
}

/** Cumulative product along `axis`. */
export function cumprod(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  // d y_j / d x_i = y_j / x_i is only valid while no zero has been met (in scan order) up to i. At the first zero
  // z the products of the others are the cumprod with x_z replaced by 1; after it every derivative is 0.
  const grad: GradFn = (dys, { inputs, outputs }) => {
    const [dy, xi, y] = [dys[0]!, inputs[0]!, outputs[0]!];
    const isZero = equal(xi, 0);
    const zerosSoFar = cumsum(cast(isZero, 'int32'), axis, false, reverse);
    const before = equal(zerosSoFar, 0);
    const first = logicalAnd(isZero, equal(zerosSoFar, 1));
    const one = onesLike(xi);
    const s = cumsum(mul(dy, y), axis, exclusive, !reverse);
    const sFirst = cumsum(mul(dy, cumprod(where(first, one, xi), axis, exclusive, reverse)), axis, exclusive, !reverse);
    return [where(before, div(s, where(before, xi, one)), where(first, sFirst, zerosLike(s)))];
  };
  return scanOp('prod', 'cumprod', x, axis, exclusive, reverse, grad);
}
