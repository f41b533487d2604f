import type { ReduceOp } from '../backend/spec.js';
import type { DType } from '../dtype.js';
import { isFloat } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { normalizeAxes, normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, checkBufferSize, wrapHandle } from './convert.js';
import { ownInputs } from './internal.js';
import type { TensorLike } from './convert.js';
import { add, div, mul, sub, equal } from './binary.js';
import { cast, zerosLike } from './basic.js';
import { where } from './where.js';
import { exp, log, sqrt, abs, square, isFinite } from './unary.js';
import { broadcastTo, reshape, transpose } from './transform.js';
import { cumprod } from './scan.js';

type Axis = number | number[] | undefined | null;

/** Shape of the result with kept (size-1) reduced dims. */
function keptShape(shape: readonly number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Runs the reduce kernel over `axes` of `t` (permuted to the end, as a view) and wraps the result. */
export function rawReduce(op: ReduceOp, t: Tensor, axes: number[], keepDims: boolean, outDtype: DType, opName: string): Tensor {
  if (t.rank === 0 && axes.length > 0) {
    // A scalar reduced along its (allowed) axis 0 reduces as a one-element vector, so kernels see a real dim.
    const v = reshape(t, [1]);
    const r = rawReduce(op, v, [0], false, outDtype, opName);
    v.dispose();
    return r;
  }
  const keptAxes = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...keptAxes, ...axes];
  const outShape = keptAxes.map((i) => t.shape[i]!);
  const b = t.backend;
  checkBufferSize(b, sizeOf(outShape), outDtype, opName);
  const view = t.view();
  const permuted = { ...view, shape: perm.map((i) => view.shape[i]!), strides: perm.map((i) => view.strides[i]!) };
  const out = wrapHandle(b, b.kernels.reduce(op, permuted, axes.length, outDtype), outShape, outDtype);
  if (!keepDims) return out;
  const r = reshape(out, keptShape(t.shape, axes));
  out.dispose();
  return r;
}

function sumDType(dtype: DType): DType {
  return dtype === 'bool' ? 'int32' : dtype;
}

/** Gradient of sum-like reductions: broadcast dy back over the reduced axes. */
function expandGrad(dy: Tensor, x: Tensor, axes: number[]): Tensor {
  return broadcastTo(reshape(dy, keptShape(x.shape, axes)), [...x.shape]);
}

export function sum(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'sum');
  const axes = normalizeAxes(axis, t.rank, 'sum');
  const grad: GradFn = (dys, { inputs }) => [expandGrad(dys[0]!, inputs[0]!, axes)];
  return runOp({ name: 'sum', inputs: [t], attrs: { axes, keepDims }, grad }, () =>
    rawReduce('sum', t, axes, keepDims, sumDType(t.dtype), 'sum'),
  );
}

export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'mean');
  const axes = normalizeAxes(axis, t.rank, 'mean');
  const n = axes.reduce((p, a) => p * (t.shape[a] ?? 1), 1); // a rank-0 x has no dim behind axis 0
  const outDtype: DType = isFloat(t.dtype) ? t.dtype : 'float32';
  const grad: GradFn = (dys, { inputs }) => [div(expandGrad(dys[0]!, inputs[0]!, axes), n)];
  return runOp({ name: 'mean', inputs: [t], attrs: { axes, keepDims }, grad }, () =>
    tidy(() => div(rawReduce('sum', isFloat(t.dtype) ? t : cast(t, 'float32'), axes, keepDims, outDtype, 'mean'), n)),
  );
}

export function prod(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'prod');
  const axes = normalizeAxes(axis, t.rank, 'prod');
  // d prod / d x_i = product of the others: exclusive cumulative products from both ends (exact with zeros).
  const grad: GradFn = (dys, { inputs }) => {
    const xi = inputs[0]!;
    const kept = xi.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...kept, ...axes];
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    const outer = kept.map((i) => xi.shape[i]!);
    const n = axes.reduce((p, a) => p * xi.shape[a]!, 1);
    const flat = reshape(transpose(xi, perm), [sizeOf(outer), n]);
    const others = mul(cumprod(flat, 1, true, false), cumprod(flat, 1, true, true));
    const back = transpose(reshape(others, perm.map((p) => xi.shape[p]!)), inv);
    return [mul(expandGrad(dys[0]!, xi, axes), back)];
  };
  return runOp({ name: 'prod', inputs: [t], attrs: { axes, keepDims }, grad }, () =>
    rawReduce('prod', t, axes, keepDims, sumDType(t.dtype), 'prod'),
  );
}

function extremum(op: 'max' | 'min') {
  return (x: TensorLike, axis?: Axis, keepDims = false): Tensor => {
    const t = convertToTensor(x, 'x', op);
    const axes = normalizeAxes(axis, t.rank, op);
    // TensorFlow's rule: ties share the gradient equally.
    const grad: GradFn = (dys, { inputs, outputs }) => {
      const xi = inputs[0]!;
      const y = broadcastTo(reshape(outputs[0]!, keptShape(xi.shape, axes)), [...xi.shape]);
      const ind = cast(equal(xi, y), dys[0]!.dtype);
      const count = sum(ind, axes, true);
      return [mul(div(ind, count), expandGrad(dys[0]!, xi, axes))];
    };
    return runOp({ name: op, inputs: [t], attrs: { axes, keepDims }, grad }, () => rawReduce(op, t, axes, keepDims, t.dtype, op));
  };
}

export const max = extremum('max');
export const min = extremum('min');

function argExtremum(op: 'argmax' | 'argmin', name: string) {
  return (x: TensorLike, axis = 0): Tensor => {
    const t = convertToTensor(x, 'x', name);
    const ax = normalizeAxis(axis, t.rank, name);
    if (t.shape[ax] === 0) throw new Error(`${name}: axis ${ax} of x has size 0; there is no ${op === 'argmax' ? 'maximum' : 'minimum'}.`);
    return runOp({ name, inputs: [t], attrs: { axis: ax } }, () => rawReduce(op, t, [ax], false, 'int32', name));
  };
}

export const argMax = argExtremum('argmax', 'argMax');
export const argMin = argExtremum('argmin', 'argMin');

function logical(op: 'all' | 'any') {
  return (x: TensorLike, axis?: Axis, keepDims = false): Tensor => {
    const t = convertToTensor(x, 'x', op);
    if (t.dtype !== 'bool') throw new TypeError(`${op}: expected a bool tensor for argument \`x\`. Received: ${t.dtype}`);
    const axes = normalizeAxes(axis, t.rank, op);
    return runOp({ name: op, inputs: [t], attrs: { axes, keepDims } }, () => rawReduce(op, t, axes, keepDims, 'bool', op));
  };
}

export const all = logical('all');
export const any = logical('any');

/** log(sum(exp(x))) computed stably (max subtracted first). */
export function logSumExp(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'logSumExp');
  const axes = normalizeAxes(axis, t.rank, 'logSumExp');
  const grad: GradFn = (dys, { inputs, outputs }) => {
    const xi = inputs[0]!;
    const y = reshape(outputs[0]!, keptShape(xi.shape, axes));
    return [mul(expandGrad(dys[0]!, xi, axes), exp(sub(xi, y)))];
  };
  return runOp({ name: 'logSumExp', inputs: [t], attrs: { axes, keepDims }, grad }, () =>
    tidy(() => {
      const m = rawReduce('max', t, axes, true, t.dtype, 'logSumExp');
      // An all -Infinity (or +Infinity) slice would give NaN from x - max; shift those by 0 instead.
      const safeShift = where(isFinite(m), m, zerosLike(m));
      const s = rawReduce('sum', exp(sub(t, safeShift)), axes, true, sumDType(t.dtype), 'logSumExp');
      const r = add(log(s), safeShift);
      return keepDims ? r : reshape(r, t.shape.filter((_, i) => !axes.includes(i)));
    }),
  );
}

/** Mean and (biased) variance over `axis`, as tfjs's moments. */
export function moments(x: TensorLike, axis?: Axis, keepDims = false): { mean: Tensor; variance: Tensor } {
  const t = convertToTensor(x, 'x', 'moments');
  const axes = normalizeAxes(axis, t.rank, 'moments');
  return ownInputs('moments', [t], () => tidy(() => {
    const m = mean(t, axes, true);
    const v = mean(square(sub(t, m)), axes, keepDims);
    return { mean: keepDims ? m : reshape(m, t.shape.filter((_, i) => !axes.includes(i))), variance: v };
  }));
}

/** Vector and matrix norms: ord 'euclidean' | 'fro' | 1 | 2 | Infinity | -Infinity (as tfjs's norm). */
export function norm(x: TensorLike, ord: number | 'euclidean' | 'fro' = 'euclidean', axis?: Axis, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'norm');
  const axes = normalizeAxes(axis, t.rank, 'norm');
  return ownInputs('norm', [t], () => tidy(() => {
    let r: Tensor;
    if (axes.length === 1 || ord === 'euclidean' || ord === 'fro') {
      if (ord === 'euclidean' || ord === 'fro' || ord === 2) r = sqrt(sum(square(t), axes, keepDims));
      else if (ord === 1) r = sum(abs(t), axes, keepDims);
      else if (ord === Infinity) r = max(abs(t), axes, keepDims);
      else if (ord === -Infinity) r = min(abs(t), axes, keepDims);
      else if (typeof ord === 'number' && ord !== 0) r = sum(abs(t).pow(ord), axes, keepDims).pow(1 / ord);
      else throw new Error(`norm: invalid value for argument \`ord\`. Expected 'euclidean', 'fro', 1, 2, Infinity, -Infinity or a non-zero number. Received: ord=${String(ord)}`);
    } else if (axes.length === 2) {
      const [a0, a1] = axes as [number, number];
      if (ord === 1) r = max(sum(abs(t), a0, true), a1, true);
      else if (ord === Infinity) r = max(sum(abs(t), a1, true), a0, true);
      else if (ord === -Infinity) r = min(sum(abs(t), a1, true), a0, true);
      else throw new Error(`norm: matrix norm ord=${String(ord)} is not supported; use 'fro', 1, Infinity or -Infinity.`);
      if (!keepDims) r = reshape(r, t.shape.filter((_, i) => !axes.includes(i)));
    } else {
      throw new Error(`norm: expected one or two axes. Received: axis=${JSON.stringify(axis)}`);
    }
    return r;
  }));
}
