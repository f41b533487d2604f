import type { DType } from '../dtype.js';
import { isFloat, upcastType } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { broadcastShapes, fmtShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf, makeView } from './internal.js';
import { cast } from './basic.js';
import { add, mul, pow, sub } from './binary.js';
import { neg, rsqrt, square } from './unary.js';
import { pad } from './pad.js';
import { rawReduce } from './reduce.js';
import { reshape } from './transform.js';
import { checkRank } from './conv-util.js';

/** Normalisation ops: tfjs's batchNorm (with gradients for every input) and localResponseNormalization. */

function checkFiniteNumber(v: unknown, arg: string, op: string, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new TypeError(`${op}: invalid value for argument \`${arg}\`. Expected a finite number${min > -Infinity ? ` >= ${min}` : ''}. Received: ${arg}=${String(v)}`);
  }
  return v;
}

/**
 * (x - mean) / sqrt(variance + varianceEpsilon) * scale + offset, every argument broadcast against x (tfjs's
 * batchNorm). Unlike tfjs, the gradient exists with or without scale and offset.
 */
export function batchNorm(
  x: TensorLike,
  mean: TensorLike,
  variance: TensorLike,
  offset?: TensorLike,
  scale?: TensorLike,
  varianceEpsilon = 0.001,
): Tensor {
  const op = 'batchNorm';
  return tidy(() => {
    const X = convertToTensor(x, 'x', op);
    const conv = (v: TensorLike | undefined | null, arg: string) =>
      v === undefined || v === null ? null : convertToTensor(v, arg, op, X.dtype, X.backend);
    const args: [string, Tensor | null][] = [
      ['x', X],
      ['mean', conv(mean, 'mean')],
      ['variance', conv(variance, 'variance')],
      ['offset', conv(offset, 'offset')],
      ['scale', conv(scale, 'scale')],
    ];
    const present = args.filter((a): a is [string, Tensor] => a[1] !== null);
    if (present.length < 3 || args[1]![1] === null || args[2]![1] === null) {
      throw new Error(`${op}: the arguments \`mean\` and \`variance\` are required.`);
    }
    backendOf(op, present.map((a) => a[1]));
    for (const [arg, t] of present) {
      if (t.dtype === 'bool') throw new TypeError(`${op}: expected a numeric tensor for argument \`${arg}\`. Received: bool`);
    }
    const eps = checkFiniteNumber(varianceEpsilon ?? 0.001, 'varianceEpsilon', op, 0);
    const shape = broadcastShapes(op, present.map((a) => a[1].shape), present.map((a) => a[0]));
    if (!shapesEqual(shape, X.shape)) {
      const desc = present.slice(1).map(([n, t]) => `${n} is ${fmtShape(t.shape)}`).join(', ');
      throw new Error(`${op}: mean, variance, offset and scale must broadcast to the shape of x ${fmtShape(X.shape)}; ${desc}`);
    }
    const up = present.reduce<DType>((d, a) => upcastType(d, a[1].dtype), X.dtype);
    const dt: DType = isFloat(up) ? up : 'float32';
    const inputs = present.map((a) => cast(a[1], dt));
    const hasOffset = args[3]![1] !== null;
    const hasScale = args[4]![1] !== null;
    const grad: GradFn = (dys, ctx) => {
      const dy = dys[0]!;
      const [xi, mi, vi] = ctx.inputs as [Tensor, Tensor, Tensor];
      const si = hasScale ? ctx.inputs[hasOffset ? 4 : 3]! : null;
      const inv = rsqrt(add(vi, eps));
      const xc = sub(xi, mi);
      const g = si ? mul(dy, si) : dy;
      const dx = mul(g, inv);
      // Each gradient has x's (the output's) shape: autograd sums broadcast dims back to each input's shape.
      const grads: Tensor[] = [dx, neg(dx), mul(mul(g, xc), mul(mul(inv, square(inv)), -0.5))];
      if (hasOffset) grads.push(dy);
      if (hasScale) grads.push(mul(dy, mul(xc, inv)));
      return grads;
    };
    return runOp({ name: op, inputs, attrs: { varianceEpsilon: eps, hasOffset, hasScale }, grad }, () =>
      tidy(() => {
        const [xi, mi, vi] = inputs as [Tensor, Tensor, Tensor];
        let y = mul(sub(xi, mi), rsqrt(add(vi, eps)));
        if (hasScale) y = mul(y, inputs[hasOffset ? 4 : 3]!);
        if (hasOffset) y = add(y, inputs[3]!);
        return y;
      }),
    );
  });
}

/**
 * @internal Sum over the last axis within `radius` of each position (clipped at the ends): the band-matrix
 * product LRN needs. The band is symmetric, so the op is its own adjoint.
 */
export function channelWindowSum(t: Tensor, radius: number): Tensor {
  const grad: GradFn = (dys) => [channelWindowSum(dys[0]!, radius)];
  return runOp({ name: 'channelWindowSum', inputs: [t], attrs: { radius }, grad }, () =>
    tidy(() => {
      const r = t.rank;
      const tp = pad(t, t.shape.map((_, i) => (i === r - 1 ? [radius, radius] : [0, 0]) as [number, number]));
      const last = tp.strides[r - 1]!;
      const windows = makeView(tp, [...t.shape, 2 * radius + 1], [...tp.strides, last], tp.offset);
      return rawReduce('sum', windows, [r], false, t.dtype, 'localResponseNormalization');
    }),
  );
}

/**
 * x / (bias + alpha · Σ x²)^beta, the sum over the channels within depthRadius of each channel (tfjs's
 * localResponseNormalization; alpha is not divided by the window size).
 */
export function localResponseNormalization(x: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor {
  const op = 'localResponseNormalization';
  return tidy(() => {
    const X0 = convertToTensor(x, 'x', op);
    checkRank(X0.shape, [3, 4], 'x', op, 'a rank-4 tensor (or rank 3 without the batch dim)');
    if (X0.dtype === 'bool') throw new TypeError(`${op}: expected a numeric tensor for argument \`x\`. Received: bool`);
    if (!Number.isInteger(depthRadius) || depthRadius < 0) {
      throw new Error(`${op}: invalid value for argument \`depthRadius\`. Expected a non-negative integer. Received: depthRadius=${String(depthRadius)}`);
    }
    checkFiniteNumber(bias, 'bias', op);
    checkFiniteNumber(alpha, 'alpha', op);
    checkFiniteNumber(beta, 'beta', op);
    const X1 = isFloat(X0.dtype) ? X0 : cast(X0, 'float32');
    const X = X1.rank === 3 ? reshape(X1, [1, ...X1.shape]) : X1;
    const denom = (xi: Tensor) => add(mul(channelWindowSum(square(xi), depthRadius), alpha), bias);
    // dx_j = dy_j·d_j^-β − 2αβ·x_j·Σ_{i near j} dy_i·x_i·d_i^(−β−1)  (the neighbourhood relation is symmetric).
    const grad: GradFn = (dys, { inputs }) => {
      const dy = dys[0]!;
      const xi = inputs[0]!;
      const d = denom(xi);
      const inner = channelWindowSum(mul(mul(dy, xi), pow(d, -beta - 1)), depthRadius);
      return [sub(mul(dy, pow(d, -beta)), mul(mul(xi, inner), 2 * alpha * beta))];
    };
    const y = runOp({ name: op, inputs: [X], attrs: { depthRadius, bias, alpha, beta }, grad }, () =>
      tidy(() => mul(X, pow(denom(X), -beta))),
    );
    return X1.rank === 3 ? reshape(y, y.shape.slice(1)) : y;
  });
}
